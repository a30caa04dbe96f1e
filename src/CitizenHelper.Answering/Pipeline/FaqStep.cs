using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// A question staff have answered and approved as a question and answer (a "**question** answer" item of a document's
/// notes, written from the console) is answered with that item, whatever document the question's words would resemble
/// otherwise: the same question must not go to staff again. Matches the question as asked, folded (no case, no
/// diacritics), or nearly (most words shared). Runs after ClassifyStep, before ProvinceStep and DecideStep.
/// </summary>
public sealed partial class FaqStep : IAnswerStep
{
    /// <summary>Share of words two questions must have in common (of all the words either has) to be the same question.</summary>
    public const double SameQuestion = 0.8;

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is not null || context.DocumentKey is not null || context.Answer is not null || context.Refusal is not null
            || context.SmallTalk != Understanding.SmallTalkKind.None)
        {
            return ValueTask.CompletedTask;
        }
        var asked = Words(context.Question.Text);
        if (asked.Count == 0)
        {
            return ValueTask.CompletedTask;
        }
        var best = (Score: 0.0, Document: (KnowledgeDocument?)null, Line: "");
        foreach (var item in ItemsOf(context.Knowledge.Base))
        {
            var score = Similarity(asked, item.Words);
            // The citizen's language first, when the same question is in both.
            if (score > best.Score || (score == best.Score && item.Document.Language == context.Language && best.Document?.Language != context.Language))
            {
                best = (score, item.Document, item.Line);
            }
        }
        if (best.Document is { } found && best.Score >= SameQuestion)
        {
            context.DocumentKey = found.Key;
            context.Language = found.Language;
            context.Facets = [SectionIds.Notes];
            context.FaqLine = best.Line;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Shared words over all words (Jaccard); 1 for the same question.</summary>
    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return shared / (double)(a.Count + b.Count - shared);
    }

    /// <summary>
    /// The question-and-answer items of every document's notes, in document and line order, with the question's words.
    /// Read once per knowledge base (it never changes; a reload makes a new one), not on every question.
    /// </summary>
    private static FaqItem[] ItemsOf(KnowledgeBase knowledge) => Items.GetValue(knowledge, static k =>
    {
        var items = new List<FaqItem>();
        foreach (var document in k.Documents)
        {
            if (document.Section(SectionIds.Notes) is not { } notes)
            {
                continue;
            }
            foreach (var line in notes.Lines)
            {
                if (Item().Match(line) is { Success: true } item)
                {
                    items.Add(new FaqItem(document, line, Words(item.Groups[1].Value)));
                }
            }
        }
        return [.. items];
    });

    private static readonly ConditionalWeakTable<KnowledgeBase, FaqItem[]> Items = new();

    private sealed record FaqItem(KnowledgeDocument Document, string Line, HashSet<string> Words);

    private static HashSet<string> Words(string text) =>
        [.. VietnameseText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    [GeneratedRegex(@"^\*\*(.+?)\*\*\s*(.+)$")]
    private static partial Regex Item();
}
