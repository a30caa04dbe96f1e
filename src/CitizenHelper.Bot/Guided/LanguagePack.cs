using System.Text.Json;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// One language's words for guided mode, read from <c>knowledge/languages/LANG/</c>: the bot's strings
/// (<c>strings.json</c>), an optional glossary (<c>glossary.md</c>; Vietnamese and English use <c>knowledge/glossary/</c>),
/// and optional guided texts per procedure (<c>procedures/CODE.md</c>). A province adds a language by adding a folder.
/// </summary>
public sealed record LanguagePack(
    string Language,
    string Name,
    IReadOnlyDictionary<string, string> Strings,
    Glossary? Glossary,
    IReadOnlyDictionary<string, PackProcedureText> Procedures);

/// <summary>A translated guided text: one line per document item and per step of the procedure it translates.</summary>
public sealed record PackProcedureText(string Code, IReadOnlyList<string> Documents, IReadOnlyList<string> Steps, IReadOnlyList<string> Where);

/// <summary>Every language pack, and the problems found reading them.</summary>
public sealed partial record LanguagePacks(IReadOnlyDictionary<string, LanguagePack> ByLanguage, IReadOnlyList<KnowledgeProblem> Problems)
{
    public const string Folder = "languages";
    public const string Fallback = "vi";

    public LanguagePack? Find(string language) => ByLanguage.GetValueOrDefault(language);

    /// <summary>A string in the language, else in Vietnamese (<paramref name="fellBack"/> tells which).</summary>
    public string Text(string language, string key, out bool fellBack)
    {
        if (Find(language)?.Strings.GetValueOrDefault(key) is { } text)
        {
            fellBack = false;
            return text;
        }
        fellBack = language != Fallback;
        return Find(Fallback)?.Strings.GetValueOrDefault(key) ?? key;
    }

    public string Text(string language, string key) => Text(language, key, out _);

    /// <summary>Reads <c>ROOT/languages/*/</c>; a broken file is reported and left out, never fatal.</summary>
    public static LanguagePacks Load(string knowledgeRoot, DateOnly today)
    {
        var packs = new Dictionary<string, LanguagePack>(StringComparer.Ordinal);
        var problems = new List<KnowledgeProblem>();
        var folder = Path.Combine(knowledgeRoot, Folder);
        if (!Directory.Exists(folder))
        {
            return new(packs, problems);
        }
        foreach (var directory in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileName(directory);
            var relative = $"{Folder}/{language}";
            if (!LanguageCode().IsMatch(language))
            {
                problems.Add(new KnowledgeProblem(relative, 0, "a language folder is named by its code: 2–3 lowercase letters (vi, en, kho)"));
                continue;
            }
            var (name, strings) = ReadStrings(Path.Combine(directory, "strings.json"), $"{relative}/strings.json", problems);
            Glossary? glossary = null;
            var glossaryPath = Path.Combine(directory, "glossary.md");
            if (File.Exists(glossaryPath))
            {
                var (parsed, glossaryProblems) = GlossaryParser.Parse(File.ReadAllText(glossaryPath), $"{relative}/glossary.md", today);
                problems.AddRange(glossaryProblems);
                glossary = glossaryProblems.Count == 0 ? parsed : null;
            }
            var procedures = new Dictionary<string, PackProcedureText>(StringComparer.Ordinal);
            var proceduresFolder = Path.Combine(directory, "procedures");
            if (Directory.Exists(proceduresFolder))
            {
                foreach (var file in Directory.EnumerateFiles(proceduresFolder, "*.md").Order(StringComparer.Ordinal))
                {
                    var code = Path.GetFileNameWithoutExtension(file);
                    procedures[code] = ReadProcedureText(code, File.ReadAllLines(file));
                }
            }
            packs[language] = new LanguagePack(language, name ?? language, strings, glossary, procedures);
        }
        return new(packs, problems);
    }

    private static (string? Name, IReadOnlyDictionary<string, string> Strings) ReadStrings(string path, string relative, List<KnowledgeProblem> problems)
    {
        if (!File.Exists(path))
        {
            return (null, new Dictionary<string, string>());
        }
        try
        {
            var file = JsonSerializer.Deserialize<StringsFile>(File.ReadAllText(path), JsonOptions);
            return (file?.Name, file?.Strings ?? new Dictionary<string, string>());
        }
        catch (JsonException error)
        {
            problems.Add(new KnowledgeProblem(relative, (int)(error.LineNumber ?? 0) + 1, $"not valid JSON: {error.Message}"));
            return (null, new Dictionary<string, string>());
        }
    }

    /// <summary>
    /// <c>## … {#documents}</c>, <c>## … {#steps}</c> and <c>## … {#where}</c> headings, each followed by a list:
    /// one line per item of the same section of the procedure, in the same order.
    /// </summary>
    private static PackProcedureText ReadProcedureText(string code, IReadOnlyList<string> lines)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (SectionHeading().Match(line) is { Success: true } heading)
            {
                current = sections[heading.Groups[1].Value] = [];
            }
            else if (current is not null && ListItem().Match(line) is { Success: true } item)
            {
                current.Add(item.Groups[1].Value.Trim());
            }
        }
        return new PackProcedureText(
            code,
            sections.GetValueOrDefault(SectionIds.Documents) ?? [],
            sections.GetValueOrDefault(SectionIds.Steps) ?? [],
            sections.GetValueOrDefault(SectionIds.Where) ?? []);
    }

    private sealed record StringsFile(string? Lang, string? Name, Dictionary<string, string>? Strings);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguageCode();

    [GeneratedRegex(@"^##\s.*\{#([a-z]+)\}\s*$")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^(?:\d+\.|[-*])\s+(.+)$")]
    private static partial Regex ListItem();
}

/// <summary>The language packs for the knowledge base in use; read again when the knowledge base is reloaded.</summary>
public sealed class LanguagePackProvider(KnowledgeProvider knowledge, TimeProvider clock)
{
    private sealed record Loaded(KnowledgeSnapshot Snapshot, LanguagePacks Packs);

    private Loaded? _current;

    public LanguagePacks Current
    {
        get
        {
            var snapshot = knowledge.Current;
            if (Volatile.Read(ref _current) is { } loaded && ReferenceEquals(loaded.Snapshot, snapshot))
            {
                return loaded.Packs;
            }
            var packs = LanguagePacks.Load(knowledge.Root, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            Volatile.Write(ref _current, new Loaded(snapshot, packs));
            return packs;
        }
    }
}
