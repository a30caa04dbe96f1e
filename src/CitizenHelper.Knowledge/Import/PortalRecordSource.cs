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

    public static IEnumerable<PortalRecordEntry> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
            {
                var fileName = Path.GetFileName(file);
                yield return new FileInfo(file).Length > MaxRecordBytes
                    ? new PortalRecordEntry(fileName, null, $"is larger than {MaxRecordBytes} bytes")
                    : Parse(fileName, File.ReadAllText(file, Encoding.UTF8));
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
            if (line.Length == 0)
            {
                continue;
            }
            yield return line.Length > MaxRecordBytes
                ? new PortalRecordEntry($"{name}:{number}", null, $"is longer than {MaxRecordBytes} characters")
                : Parse($"{name}:{number}", line);
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
