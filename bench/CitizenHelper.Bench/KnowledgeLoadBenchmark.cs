using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bench;

/// <summary>
/// Loading and indexing a large knowledge base: generates N procedure documents (default 1,000) shaped like the
/// real ones, then times load (read + parse + validate) and index build. Target: ≤ 1 s for 1,000 on 2 cores.
/// </summary>
internal static class KnowledgeLoadBenchmark
{
    private const int Runs = 10;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var root = Directory.CreateTempSubdirectory("kb-bench-").FullName;
        try
        {
            Generate(root, count);
            LoadAndIndex(root); // warm-up: JIT and file cache
            var timings = new List<(double Load, double Index)>();
            for (var i = 0; i < Runs; i++)
            {
                timings.Add(LoadAndIndex(root));
            }
            var total = timings.Select(t => t.Load + t.Index).Order().ToList();
            var median = total[total.Count / 2];
            Console.WriteLine($"kb-load: {count} documents, {Environment.ProcessorCount} cores, {Runs} runs after warm-up");
            Console.WriteLine($"  load (read+parse+validate) median {Median(timings.Select(t => t.Load)):F0} ms");
            Console.WriteLine($"  index build                median {Median(timings.Select(t => t.Index)):F0} ms");
            Console.WriteLine($"  total                      median {median:F0} ms, max {total[^1]:F0} ms (target ≤ {Target.TotalMilliseconds:F0} ms)");
            return median <= Target.TotalMilliseconds ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (double Load, double Index) LoadAndIndex(string root)
    {
        var watch = Stopwatch.StartNew();
        var knowledge = KnowledgeLoader.Load(root, TimeProvider.System);
        var load = watch.Elapsed.TotalMilliseconds;
        if (knowledge.Problems.Count > 0)
        {
            throw new InvalidOperationException($"generated documents have problems: {knowledge.Problems[0]}");
        }
        watch.Restart();
        var index = KnowledgeIndex.Build(knowledge);
        var built = watch.Elapsed.TotalMilliseconds;
        if (index.Count != knowledge.Codes.Count())
        {
            throw new InvalidOperationException("index is missing procedures");
        }
        return (load, built);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Documents with the real structure: front matter, summary, six sections of several items, varied words.</summary>
    private static void Generate(string root, int count)
    {
        var folder = Path.Combine(root, KnowledgeLoader.ProceduresFolder);
        Directory.CreateDirectory(folder);
        string[] fields = ["Hộ tịch", "Chứng thực", "Cư trú", "Đất đai", "Hộ kinh doanh", "Bảo trợ xã hội", "Xây dựng"];
        string[] nouns = ["khai sinh", "kết hôn", "khai tử", "giám hộ", "thường trú", "tạm trú", "chứng thực", "đất đai", "xây dựng", "trợ cấp", "mai táng", "căn cước"];
        for (var i = 0; i < count; i++)
        {
            var code = $"{1 + (i % 3)}.{i:D6}";
            var noun = nouns[i % nouns.Length];
            var title = $"Thủ tục {noun} loại {i}";
            File.WriteAllText(Path.Combine(folder, $"{code}.vi.md"), $$"""
                ---
                code: "{{code}}"
                lang: vi
                title: {{title}}
                aliases: [làm {{noun}} {{i}}, giấy {{noun}} số {{i}}]
                field: {{fields[i % fields.Length]}}
                authority: Ủy ban nhân dân cấp xã
                online: partial
                legal_basis: [Nghị định {{i}}/2025/NĐ-CP, Thông tư {{i % 50}}/2025/TT-BTP]
                effective: 2025-07-01
                verified: 2026-11-01
                sources:
                  - title: Cổng Dịch vụ công quốc gia
                    url: https://dichvucong.gov.vn/p/{{code}}
                ---

                # {{title}}

                Thủ tục {{noun}} cho người dân tại Trung tâm Phục vụ hành chính công xã, phường, mẫu số {{i}}.

                ## Trình tự thực hiện {#steps}

                1. Nộp hồ sơ tại Trung tâm Phục vụ hành chính công hoặc trên Cổng Dịch vụ công quốc gia.
                2. Cán bộ kiểm tra hồ sơ và viết phiếu hẹn.
                3. Ủy ban nhân dân xã giải quyết và trả kết quả.

                ## Giấy tờ cần nộp {#documents}

                - Tờ khai theo mẫu — 1 bản chính.
                - Giấy tờ chứng minh {{noun}} — 1 bản sao.
                - Chỉ khi nhờ người khác nộp thay: văn bản ủy quyền — 1 bản chính.

                ## Lệ phí {#fee}

                - {{(i % 10) * 5}}.000 đồng.

                ## Thời hạn giải quyết {#time}

                - {{1 + (i % 20)}} ngày làm việc.

                ## Nơi nộp hồ sơ {#where}

                - Trung tâm Phục vụ hành chính công cấp xã.

                ## Kết quả {#result}

                - Giấy {{noun}}.
                """);
        }
    }
}
