namespace CitizenHelper.Knowledge;

/// <summary>An administrative word and its plain-language meaning.</summary>
public sealed record GlossaryTerm(string Id, string Term, string Explanation, int Line);

/// <summary>The glossary in one language.</summary>
public sealed record Glossary(string Language, IReadOnlyList<GlossaryTerm> Terms, string SourcePath)
{
    public GlossaryTerm? Find(string id) => Terms.FirstOrDefault(t => t.Id == id);
}
