using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace CitizenHelper.Knowledge.Import;

/// <summary>One record read from a crawl: where it came from, and the record or why it could not be read.</summary>
public sealed record PortalRecordEntry(string Source, PortalRecord? Record, string? Problem);

/// <summary>
/// Reads National Public Service Portal records from a crawl as it comes: a folder of <c>CODE.json</c> files, or one
/// JSON-lines file (<c>.jsonl</c>, or <c>.jsonl.gz</c> as the repository bundles it), one record a line.
/// </summary>
public static class PortalRecordSource
{
    /// <summary>A record larger than this is refused: the largest real one is under 1 MB.</summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;

    public static IEnumerable<PortalRecordEntry> Read(string path) =>
        Texts(path).Select(t => t.Json is null
            ? new PortalRecordEntry(t.Source, null, $"is larger than {MaxRecordBytes} bytes")
            : Parse(t.Source, t.Json));

    /// <summary>Each record's text with where it is (<c>CODE.json</c> for a folder, <c>file:line</c> for JSON lines); null when too large.</summary>
    public static IEnumerable<(string Source, string? Json)> Texts(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) == "manifest.json")
                {
                    continue; // the crawl's own log, not a record
                }
                yield return new FileInfo(file).Length > MaxRecordBytes
                    ? (Path.GetFileName(file), null)
                    : (Path.GetFileName(file), File.ReadAllText(file, Encoding.UTF8));
            }
            yield break;
        }
        using var stream = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var reader = new StreamReader(input, Encoding.UTF8);
        var name = Path.GetFileName(path);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > 0)
            {
                yield return ($"{name}:{number}", line.Length > MaxRecordBytes ? null : line);
            }
        }
    }

    private static PortalRecordEntry Parse(string source, string json)
    {
        try
        {
            return PortalRecord.Read(json) is { } record
                ? new PortalRecordEntry(source, record, null)
                : new PortalRecordEntry(source, null, "not a portal procedure record (it needs id, code and name)");
        }
        catch (JsonException e)
        {
            return new PortalRecordEntry(source, null, $"not valid JSON: {e.Message}");
        }
    }
}
