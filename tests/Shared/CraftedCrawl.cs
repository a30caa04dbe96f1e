using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitizenHelper.Tests;

/// <summary>
/// A newer crawl of portal records made from the bundled one: one fee raised, one time shortened, one paper renamed,
/// one procedure added, one dropped, one record without steps or methods, and one line that is not JSON.
/// </summary>
internal static class CraftedCrawl
{
    /// <summary>Tách hộ: in person 10.000 → 12.000 đồng.</summary>
    public const string FeeCode = "1.010038";

    /// <summary>Gia hạn tạm trú: 3 → 2 working days.</summary>
    public const string TimeCode = "1.002755";

    /// <summary>Xác nhận thông tin hộ tịch: its first paper renamed.</summary>
    public const string PaperCode = "2.002516";

    /// <summary>Commune level, absent from the newer crawl.</summary>
    public const string DroppedCode = "2.002189";

    /// <summary>Đăng ký khai sinh (hand-written document): the newer record has neither steps nor methods.</summary>
    public const string BrokenCode = "1.001193";

    /// <summary>A commune-level procedure the bundled records do not have (a copy of Tách hộ under a new code).</summary>
    public const string AddedCode = "1.999001";

    public const string NewPaper = "Tờ khai xác nhận thông tin hộ tịch (mẫu mới)";

    private static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<string> BundledLines()
    {
        using var file = File.OpenRead(RepositoryPaths.Records());
        using var zip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(zip, Encoding.UTF8);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    public static string Code(string line) => JsonNode.Parse(line)!["data"]!["code"]!.GetValue<string>();

    /// <summary>The crafted records by code, as JSON lines (the dropped one absent, the broken one without steps or methods).</summary>
    public static Dictionary<string, string> Records()
    {
        var bundled = BundledLines().ToDictionary(Code, StringComparer.Ordinal);
        var records = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FeeCode] = Edit(bundled[FeeCode], data =>
            {
                foreach (var fee in data["executionMethods"]!.AsArray().SelectMany(m => m!["fees"]!.AsArray()))
                {
                    if (fee!["value"]!.GetValue<double>() == 10000)
                    {
                        fee["value"] = 12000;
                        fee["description"] = fee["description"]!.GetValue<string>().Replace("10.000", "12.000", StringComparison.Ordinal);
                    }
                }
            }),
            [TimeCode] = Edit(bundled[TimeCode], data =>
            {
                foreach (var method in data["executionMethods"]!.AsArray())
                {
                    method!["processingTime"] = 2;
                }
            }),
            [PaperCode] = Edit(bundled[PaperCode], data => data["executionCases"]![0]!["profileComponents"]![0]!["name"] = NewPaper),
            [BrokenCode] = Edit(bundled[BrokenCode], data =>
            {
                data["executionSteps"] = new JsonArray();
                data["executionMethods"] = new JsonArray();
            }),
            [AddedCode] = Edit(bundled[FeeCode], data =>
            {
                data["code"] = AddedCode;
                data["id"] = "crafted-added-record";
                data["name"] = "Xác nhận tách hộ thử nghiệm";
            }),
        };
        return records;
    }

    /// <summary>The whole crawl as JSON lines: every bundled record (crafted where crafted, the dropped one left out), the added one, and a line that is not JSON.</summary>
    public static string WriteJsonLines(string path)
    {
        var crafted = Records();
        var lines = BundledLines()
            .Where(l => Code(l) != DroppedCode)
            .Select(l => crafted.GetValueOrDefault(Code(l)) ?? l)
            .Append(crafted[AddedCode])
            .Append("{\"code\":\"OK\",\"data\":{\"code\":\"1.000000\",");
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    /// <summary>A partial crawl as a folder of CODE.json (indented, as the crawler saves them), with a record lacking its name.</summary>
    public static string WriteFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (code, line) in Records())
        {
            File.WriteAllText(Path.Combine(folder, $"{code}.json"), JsonNode.Parse(line)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        var bundled = BundledLines().ToDictionary(Code, StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(folder, "2.000635.json"), Edit(bundled["2.000635"], data => data.Remove("name")));
        return folder;
    }

    private static string Edit(string line, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(line)!.AsObject();
        edit(root["data"]!.AsObject());
        return root.ToJsonString(OneLine);
    }
}
