using System.Text;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>
/// Parses a file of example questions (<c>examples/*.tsv</c>): UTF-8, tab-separated, a header row
/// <c>id question expected kind previous</c>. A row with <c>previous</c> filled is a follow-up that only makes
/// sense after another question; it is kept for evaluation and not learned from.
/// </summary>
public static class ExamplesParser
{
    public static readonly string[] Columns = ["id", "question", "expected", "kind", "previous"];

    /// <summary>Longer examples are refused: a citizen's question is a sentence or two.</summary>
    public const int MaxQuestionLength = 500;

    public static (IReadOnlyList<ExampleQuestion> Examples, IReadOnlyList<KnowledgeProblem> Problems) Parse(string tsv, string path)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var problems = new List<KnowledgeProblem>();
        var examples = new List<ExampleQuestion>();
        var lines = Text.VietnameseText.Normalized(tsv, NormalizationForm.FormC).Split('\n');
        if (lines[0].TrimEnd('\r').Split('\t') is var header && !header.SequenceEqual(Columns))
        {
            problems.Add(new KnowledgeProblem(path, 1, $"the header must be exactly these tab-separated columns: {string.Join(' ', Columns)}"));
            return (examples, problems);
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length is < 4 or > 5)
            {
                problems.Add(new KnowledgeProblem(path, i + 1, $"has {fields.Length} fields; every row needs 4 or 5, separated by tabs"));
                continue;
            }
            var (id, question, expected) = (fields[0].Trim(), fields[1].Trim(), fields[2].Trim());
            if (!ids.Add(id))
            {
                problems.Add(new KnowledgeProblem(path, i + 1, $"the id {id} is used twice"));
                continue;
            }
            if (question.Length is 0 or > MaxQuestionLength || expected.Length == 0)
            {
                problems.Add(new KnowledgeProblem(path, i + 1, $"needs a question of 1 to {MaxQuestionLength} characters and the document that answers it (or {ExampleQuestion.None})"));
                continue;
            }
            if (fields.Length == 5 && fields[4].Trim().Length > 0)
            {
                continue;
            }
            examples.Add(new ExampleQuestion(question, expected, path, i + 1));
        }
        return (examples, problems);
    }
}
