using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Questions a document answers, written from the document itself: its names asked the ways citizens ask about a
/// fact ("… cần giấy tờ gì", "how long does … take"), and the sentences of its summary, which say in plain words who
/// it is for and in what situation. The classifier learns them beside the example questions, so a procedure nobody has
/// written an example for is learned from its own text, and the words that ask for a fee or a time are learned as
/// belonging to every procedure rather than to the ones with many examples.
/// </summary>
public static class DocumentQuestions
{
    // One template per facet; a name is asked with three of them, turn by turn, so every facet is asked of every
    // procedure's names without multiplying the training set by the number of templates. Three, not one or all six:
    // on the held-out fold 0 (eval --held-out 5 --fold 0) one gave 66.6 %, three 68.3 %, six 68.1 % and fewer declines.
    private static readonly string[] Vietnamese =
    [
        "{0} cần giấy tờ gì",
        "{0} lệ phí bao nhiêu",
        "{0} mất bao lâu",
        "làm {0} ở đâu",
        "thủ tục {0} như thế nào",
        "cho hỏi về {0}",
    ];

    private static readonly string[] English =
    [
        "what documents do I need for {0}",
        "how much is the fee for {0}",
        "how long does {0} take",
        "where do I apply for {0}",
        "how do I do {0}",
        "question about {0}",
    ];

    private const int TemplatesPerName = 3;

    // Summary sentences shorter than this say too little to learn from ("Xem thêm.").
    private const int MinSentenceLength = 20;

    /// <summary>The questions written from one document, each labelled with the document's key.</summary>
    public static IEnumerable<LabelledQuestion> For(KnowledgeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var templates = document.Language == "en" ? English : Vietnamese;
        var names = document.Aliases.Prepend(document.Title).Distinct(StringComparer.Ordinal).ToList();
        for (var n = 0; n < names.Count; n++)
        {
            for (var t = 0; t < TemplatesPerName; t++)
            {
                var template = templates[((n * TemplatesPerName) + t) % templates.Length];
                yield return new LabelledQuestion(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Lowered(names[n])), document.Key);
            }
        }
        foreach (var sentence in Sentences(document.Summary))
        {
            yield return new LabelledQuestion(sentence, document.Key);
        }
    }

    // "Đăng ký khai sinh" inside a question reads "đăng ký khai sinh"; an all-capitals abbreviation stays as it is.
    private static string Lowered(string name) =>
        name.Length > 1 && char.IsUpper(name[0]) && !char.IsUpper(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name;

    private static IEnumerable<string> Sentences(string summary) =>
        summary.ReplaceLineEndings(" ")
            .Split([". ", "? ", "! "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length >= MinSentenceLength && !s.StartsWith("Official name", StringComparison.Ordinal));
}
