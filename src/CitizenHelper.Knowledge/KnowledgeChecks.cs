using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge;

/// <summary>Checks that look across documents: links that lead nowhere, and language versions that disagree.</summary>
public static partial class KnowledgeChecks
{
    // Grouped thousands (8.000 or 8,000) become one number; dates and years are left out, since languages write them differently.
    [GeneratedRegex(@"\d{1,3}(?:[.,]\d{3})+|\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    [GeneratedRegex(@"^/kb/(?<key>\d\.\d{6}|help/[a-z0-9-]+)/(?<lang>[a-z]{2,3})$")]
    private static partial Regex KnowledgePageLink();

    // "15:00" and "15 giờ" are the same hour.
    [GeneratedRegex(@"\b(\d{1,2}):00\b")]
    private static partial Regex WholeHour();

    private static readonly string[] ComparedSections = [SectionIds.Fee, SectionIds.Time];

    public static IEnumerable<KnowledgeProblem> Run(IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<Glossary> glossaries, string root)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return BrokenLinks(documents, root)
            .Concat(DisagreeingSiblings(documents.OfType<Procedure>().ToList()))
            .Concat(GlossariesOutOfStep(glossaries));
    }

    private static IEnumerable<KnowledgeProblem> GlossariesOutOfStep(IReadOnlyList<Glossary> glossaries)
    {
        var reference = glossaries.FirstOrDefault(g => g.Language == "vi");
        if (reference is null)
        {
            yield break;
        }
        var ids = reference.Terms.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var other in glossaries.Where(g => g != reference))
        {
            var otherIds = other.Terms.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var missing in ids.Except(otherIds).Order(StringComparer.Ordinal))
            {
                yield return new KnowledgeProblem(other.SourcePath, 1, $"term {{#{missing}}} of {reference.SourcePath} is missing");
            }
            foreach (var extra in other.Terms.Where(t => !ids.Contains(t.Id)))
            {
                yield return new KnowledgeProblem(other.SourcePath, extra.Line, $"term {{#{extra.Id}}} is not in {reference.SourcePath}");
            }
        }
    }

    private static IEnumerable<KnowledgeProblem> BrokenLinks(IReadOnlyList<KnowledgeDocument> procedures, string root)
    {
        var known = procedures.Select(p => (p.Key, p.Language)).ToHashSet();
        foreach (var procedure in procedures)
        {
            foreach (var link in procedure.Links)
            {
                if (Uri.TryCreate(link.Target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto" or "tel")
                {
                    continue;
                }
                var page = KnowledgePageLink().Match(link.Target);
                if (page.Success)
                {
                    if (!known.Contains((page.Groups["key"].Value, page.Groups["lang"].Value)))
                    {
                        yield return new KnowledgeProblem(procedure.SourcePath, link.Line, $"link '{link.Target}' points to a document that is not in the knowledge base");
                    }
                    continue;
                }
                var folder = Path.GetDirectoryName(Path.Combine(root, procedure.SourcePath)) ?? root;
                var target = Path.GetFullPath(Path.Combine(folder, link.Target.Split('#')[0]));
                if (link.Target.StartsWith('#') || File.Exists(target))
                {
                    continue;
                }
                yield return new KnowledgeProblem(procedure.SourcePath, link.Line, $"link '{link.Target}' points to a file that does not exist");
            }
        }
    }

    private static IEnumerable<KnowledgeProblem> DisagreeingSiblings(IReadOnlyList<Procedure> procedures)
    {
        foreach (var group in procedures.GroupBy(p => p.Code))
        {
            var reference = group.FirstOrDefault(p => p.Language == "vi") ?? group.First();
            foreach (var sibling in group.Where(p => p != reference))
            {
                foreach (var id in ComparedSections)
                {
                    var expected = Numbers(reference.Section(id));
                    var actual = Numbers(sibling.Section(id));
                    if (!expected.SequenceEqual(actual))
                    {
                        var line = sibling.Section(id)?.Line ?? 1;
                        yield return new KnowledgeProblem(sibling.SourcePath, line,
                            $"section {{#{id}}} has the numbers [{string.Join(", ", actual)}] but {reference.SourcePath} has [{string.Join(", ", expected)}]; the language versions must agree");
                    }
                }
            }
        }
    }

    /// <summary>The numbers of a section, sorted, without dates and years: what two languages must agree on.</summary>
    internal static IReadOnlyList<long> Numbers(ProcedureSection? section)
    {
        if (section is null)
        {
            return [];
        }
        var text = WholeHour().Replace(Date().Replace(string.Join('\n', section.Lines), " "), "$1");
        return [.. Number().Matches(text)
            .Select(m => long.Parse(m.Value.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))
            .Where(n => n is < 1900 or > 2100)
            .Order()];
    }
}
