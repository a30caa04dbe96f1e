using CitizenHelper.Bench;

// Benchmarks run in Release on the reference machine: dotnet run -c Release --project bench/CitizenHelper.Bench -- <name>
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["kb-load"] = KnowledgeLoadBenchmark.Run,
    ["kb-full"] = KnowledgeScaleBenchmark.Run,
    ["search"] = SearchProbe.Run,
    ["retrieval"] = RetrievalBenchmark.Run,
    ["bm25"] = Bm25Benchmark.Run,
    ["profile"] = ProfileProbe.Run,
    ["answer-cpu"] = AnswerCpuProbe.Run,
    ["search-dump"] = SearchDump.Run,
    ["load"] = LoadBenchmark.Run,
    ["soak"] = SoakBenchmark.Run,
    ["qr"] = QrBenchmark.Run,
    ["qr-decoders"] = QrDecodersBenchmark.Run,
    ["dashboard"] = DashboardBenchmark.Run,
    ["catalog"] = CatalogBenchmark.Run,
    ["units"] = UnitsBenchmark.Run,
    ["cold-start"] = ColdStartBenchmark.Run,
    ["instances"] = InstancesBenchmark.Run,
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.WriteLine($"usage: <benchmark> [options]; benchmarks: {string.Join(", ", benchmarks.Keys)}");
    return 2;
}
return run(args[1..]);
