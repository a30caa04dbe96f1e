using System.IO.Compression;
using System.Text;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge.Tests.Fuzz;

/// <summary>
/// Damaged administrative-unit lists (the 2025 units CSV and the former-units CSV, plain and gzip): bad rows and bad
/// files are reported as problems with the file's name, and the readers never throw.
/// </summary>
public sealed class UnitListFuzzTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("units-fuzz-").FullName;

    public UnitListFuzzTests() => Directory.CreateDirectory(Path.Combine(_root, UnitsLoader.Folder));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void UnitListParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Head(UnitsLoader.ListFile, 40);

        Fuzzing.Run("units-csv", seed: 3701, cases: 1_000, (m, i) => Input(m, i, valid),
            csv => UnitListParser.Parse(new StringReader(csv), "units/units-2025.csv.gz", new List<KnowledgeProblem>()));
    }

    [Fact]
    public void FormerUnitsParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Head(UnitsLoader.FormersFile, 60);

        Fuzzing.Run("formers-csv", seed: 3702, cases: 1_000, (m, i) => Input(m, i, valid),
            csv => FormerUnitsParser.Parse(new StringReader(csv), "units/legacy-to-2025.csv.gz", new List<KnowledgeProblem>()));
    }

    [Fact]
    public void UnitsLoaderReportsADamagedGzipListAsAProblem()
    {
        var units = Head(UnitsLoader.ListFile, 40);
        var formers = Head(UnitsLoader.FormersFile, 60);

        Fuzzing.Run("units-gz", seed: 3703, cases: 150, (m, i) =>
        {
            var list = Gzip(Encoding.UTF8.GetBytes(i % 4 == 0 ? units : m.MutateText(units)));
            var former = Gzip(Encoding.UTF8.GetBytes(i % 4 == 1 ? formers : m.MutateText(formers)));
            // Half the cases damage the compressed bytes too (truncated stream, flipped bits, invalid UTF-8 inside).
            return (List: i % 2 == 0 ? m.MutateBytes(list) : list, Formers: i % 3 == 0 ? m.MutateBytes(former) : former);
        }, files =>
        {
            File.WriteAllBytes(Path.Combine(_root, UnitsLoader.Folder, UnitsLoader.ListFile), files.List);
            File.WriteAllBytes(Path.Combine(_root, UnitsLoader.Folder, UnitsLoader.FormersFile), files.Formers);
            var problems = new List<KnowledgeProblem>();
            UnitsLoader.Load(_root, problems);
            Assert.All(problems, p => Assert.StartsWith("units/", p.File, StringComparison.Ordinal));
        }, show: files => $"list {Convert.ToBase64String(files.List)}\nformers {Convert.ToBase64String(files.Formers)}");
    }

    private static string Input(Mutator m, int i, string valid) => i % 10 == 9 ? Encoding.UTF8.GetString(m.RandomBytes()) : m.MutateText(valid);

    private static string Head(string file, int lines)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(RepositoryPaths.Knowledge(), UnitsLoader.Folder, file)), CompressionMode.Decompress));
        return string.Join('\n', Enumerable.Range(0, lines).Select(_ => reader.ReadLine()).OfType<string>());
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
