using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CitizenHelper.Knowledge.Import;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Tests.Fuzz;

/// <summary>
/// Damaged National Public Service Portal records and catalog lines: a record reads, or is reported as not one
/// (null, or <see cref="JsonException"/> for text that is not JSON), and a crawl file's bad lines are problems, never a crash.
/// </summary>
public sealed class PortalRecordFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PortalRecordReadReturnsARecordOrNullOrAJsonException()
    {
        var valid = Lines(RepositoryPaths.Records(), 20);

        Fuzzing.Run("portal-record", seed: 2701, cases: 1_000, (m, i) => Input(m, i, valid), json => PortalRecord.Read(json), allowed: e => e is JsonException);
    }

    [Fact]
    public void PortalRecordSourceReportsEveryBadLineOfACrawl()
    {
        var valid = Lines(RepositoryPaths.Records(), 20);
        var path = Path.Combine(_folder, "records.jsonl.gz");

        Fuzzing.Run("portal-record-source", seed: 2702, cases: 60, (m, i) =>
        {
            var text = string.Join('\n', Enumerable.Range(0, 5).Select(n => Input(m, n, valid).Replace('\n', ' ')));
            var bytes = Gzip(Encoding.UTF8.GetBytes(text));
            return i % 3 == 2 ? m.MutateBytes(bytes) : bytes;
        }, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            foreach (var entry in PortalRecordSource.Read(path))
            {
                Assert.True(entry.Record is not null ^ entry.Problem is not null, entry.Source);
            }
        },
        // A damaged gzip stream is the documented failure of the file as a whole.
        allowed: e => e is InvalidDataException);
    }

    [Fact]
    public void PortalCatalogParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Lines(RepositoryPaths.Catalog(), 200);

        Fuzzing.Run("portal-catalog", seed: 2703, cases: 1_000, (m, i) =>
        {
            var lines = Enumerable.Range(0, 8).Select(_ => m.Pick(valid)).ToArray();
            lines[m.Random.Next(lines.Length)] = i % 10 == 9 ? Encoding.UTF8.GetString(m.RandomBytes()) : m.MutateJson(m.Pick(valid));
            return string.Join('\n', lines);
        }, text => PortalCatalogParser.Parse(new StringReader(text), "portal/catalog.jsonl.gz", new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void PortalCrawlParseReportsProblemsInsteadOfThrowing()
    {
        var valid = Lines(RepositoryPaths.Records(), 20);

        Fuzzing.Run("portal-crawl", seed: 2704, cases: 1_000, (m, i) => Input(m, i, valid), json =>
        {
            var (record, problem) = PortalCrawl.Parse("1.000894.json", json);
            Assert.True(record is not null || problem is not null, "no record and no problem");
        });
    }

    private static string Input(Mutator m, int i, IReadOnlyList<string> valid) => (i % 10) switch
    {
        9 => Encoding.UTF8.GetString(m.RandomBytes()),
        8 => m.MutateText(m.Pick(valid)),
        _ => m.MutateJson(m.Pick(valid)),
    };

    /// <summary>The shortest lines of a bundled file (the records run from 5 KB to 140 KB; small ones keep the cases quick).</summary>
    private static string[] Lines(string gz, int count)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return [.. lines.OrderBy(l => l.Length).ThenBy(l => l, StringComparer.Ordinal).Take(count)];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }
}
