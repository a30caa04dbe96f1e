using System.Text.Encodings.Web;
using System.Text.Json;

namespace CitizenHelper.Knowledge.Import;

/// <summary>A usable record of a crawl: where it came from, its JSON as one line, and what it says.</summary>
public sealed record CrawlRecord(string Source, string Json, PortalRecord Record);

/// <summary>A record of a crawl that cannot be used: where it is (file:line), the field at fault, and why.</summary>
public sealed record CrawlProblem(string Source, string? Code, string Field, string Message)
{
    public override string ToString() => $"{Source}: {(Code is null ? "" : $"{Code}: ")}{Field}: {Message}";
}

/// <summary>
/// Reads a crawl of National Public Service Portal records for comparison (a folder of <c>CODE.json</c>, or
/// <c>.jsonl</c>/<c>.jsonl.gz</c>, one record a line), keeping each record's JSON so that an approved change can replace
/// the bundled one. A record is used only when it has the facts a document cannot do without: <c>id</c>, <c>code</c>,
/// <c>name</c>, and at least one step (<c>executionSteps</c>) or submission method (<c>executionMethods</c>). Anything
/// else (not JSON, a fact missing, a code seen twice) is a <see cref="CrawlProblem"/> and the record is left out.
/// </summary>
public static class PortalCrawl
{
    private static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    /// <summary>The usable records by code, and every problem; codes named by a problem record are in <c>Unusable</c>.</summary>
    public static (IReadOnlyDictionary<string, CrawlRecord> Records, IReadOnlyList<CrawlProblem> Problems, IReadOnlySet<string> Unusable) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var records = new Dictionary<string, CrawlRecord>(StringComparer.Ordinal);
        var problems = new List<CrawlProblem>();
        var unusable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (source, json) in PortalRecordSource.Texts(path))
        {
            var (record, problem) = json is null
                ? (null, new CrawlProblem(source, null, "size", $"is larger than {PortalRecordSource.MaxRecordBytes} bytes"))
                : Parse(source, json);
            if (problem is not null)
            {
                problems.Add(problem);
                if (problem.Code is { } code)
                {
                    unusable.Add(code);
                }
                continue;
            }
            if (records.TryGetValue(record!.Record.Code, out var first))
            {
                problems.Add(new CrawlProblem(source, record.Record.Code, "code", $"appears again (first at {first.Source}); only the first is used"));
                continue;
            }
            records.Add(record.Record.Code, record);
        }
        return (records, problems, unusable);
    }

    /// <summary>One record's JSON checked and read; a problem says which field is missing or wrong.</summary>
    public static (CrawlRecord? Record, CrawlProblem? Problem) Parse(string source, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string line;
        string? code;
        try
        {
            using var document = JsonDocument.Parse(json);
            var data = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("data", out var inner) ? inner : document.RootElement;
            if (data.ValueKind != JsonValueKind.Object)
            {
                return (null, new CrawlProblem(source, null, "data", "is not a JSON object"));
            }
            code = Text(data, "code");
            foreach (var field in new[] { "code", "id", "name" })
            {
                if (Text(data, field) is null)
                {
                    return (null, new CrawlProblem(source, code, field, "is missing or empty"));
                }
            }
            line = json.Contains('\n', StringComparison.Ordinal) ? JsonSerializer.Serialize(document.RootElement, OneLine) : json.Trim();
        }
        catch (JsonException e)
        {
            return (null, new CrawlProblem(source, null, "json", $"not valid JSON ({e.Message})"));
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString on an escaped lone surrogate ("\udfff"): valid JSON, but not text.
            return (null, new CrawlProblem(source, null, "json", "a string holds an invalid UTF-16 escape"));
        }
        var record = PortalRecord.Read(line)!;
        if (record.Steps.Count == 0 && record.Methods.Count == 0)
        {
            return (null, new CrawlProblem(source, code, "executionSteps/executionMethods", "the record has neither steps nor submission methods"));
        }
        return (new CrawlRecord(source, line, record), null);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
}
