namespace CitizenHelper.Knowledge;

/// <summary>
/// A question as a citizen asked it, with the document that answers it (a procedure code, <c>help/ID</c>) or
/// <see cref="None"/> when the knowledge base does not cover it. The knowledge base's examples teach the bot how
/// people ask, beyond the names the documents give themselves.
/// </summary>
public sealed record ExampleQuestion(string Text, string Expected, string SourcePath, int Line)
{
    /// <summary>The label of a question no document answers.</summary>
    public const string None = "none";
}
