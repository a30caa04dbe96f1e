namespace CitizenHelper.Answering.Tests;

/// <summary>A knowledge folder of a few small procedures written by a test, deleted afterwards.</summary>
internal sealed class TestKnowledge : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("kb-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public void WriteProcedure(string code, string title, string time, string? province = null)
    {
        var folder = Path.Combine(Root, "procedures");
        Directory.CreateDirectory(folder);
        var markdown = ProcedureMarkdown(code, title, time);
        if (province is not null)
        {
            markdown = markdown.Replace("field: Hộ tịch", $"field: Đất đai\nprovince: {province}", StringComparison.Ordinal);
        }
        File.WriteAllText(Path.Combine(folder, $"{code}.vi.md"), markdown);
    }

    /// <summary>A centers list (<c>centers/test.csv</c>) with one commune of the province.</summary>
    public void WriteCommune(string name, string province)
    {
        var folder = Path.Combine(Root, "centers");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "test.csv"),
            ["unit_code,unit_name,province,center_name,address,hours,phone,merged_from,source_url,sample", $",{name},{province},,,,,,https://example.vn/,yes"]);
    }

    /// <summary>Example questions (question, expected document or none) in <c>examples/asked.tsv</c>.</summary>
    public void WriteExamples(params (string Question, string Expected)[] examples)
    {
        var folder = Path.Combine(Root, "examples");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "asked.tsv"),
            ["id\tquestion\texpected\tkind\tprevious", .. examples.Select((e, i) => $"e{i}\t{e.Question}\t{e.Expected}\tvi\t")]);
    }

    public static string ProcedureMarkdown(string code, string title, string time) => $$"""
        ---
        code: "{{code}}"
        lang: vi
        title: {{title}}
        field: Hộ tịch
        authority: Ủy ban nhân dân cấp xã
        online: none
        legal_basis: [Luật Hộ tịch 2014]
        effective: 2025-07-01
        verified: 2026-11-01
        sources:
          - title: Cổng Dịch vụ công quốc gia
            url: https://dichvucong.gov.vn/
        ---

        # {{title}}

        Thủ tục {{title}}.

        ## Các bước {#steps}

        1. Nộp hồ sơ.

        ## Giấy tờ {#documents}

        - Tờ khai — 1 bản chính.

        ## Lệ phí {#fee}

        - Miễn lệ phí.

        ## Thời hạn {#time}

        - {{time}}.

        ## Nơi nộp {#where}

        - Trung tâm Phục vụ hành chính công.

        ## Kết quả {#result}

        - Trích lục.
        """;
}
