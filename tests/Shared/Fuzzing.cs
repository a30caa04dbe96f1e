using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitizenHelper.Tests;

/// <summary>
/// Seeded mutations of valid inputs for the parsers' fuzz tests: truncation, byte flips, huge strings, deep nesting,
/// wrong JSON types, nulls, invalid UTF-8, control characters, extreme numbers, and random bytes. The same seed gives
/// the same inputs on every machine, so a failure names its seed and case and can be replayed.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] ExtremeNumbers =
    [
        "0", "-0", "1e308", "-1e308", "1e-400", "1E400", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890", "0.5", "-1", "1.7976931348623157e308", "4.9e-324",
    ];

    private static readonly string[] Oddities =
    [
        "\0", "\u0001", "\u0007", "\b", "\u001b[31m", "\u007f", "\u0085", "\u00a0", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd",
        "\ufffe", "\uffff", "\ud83d\ude00", "e\u0301", "\u1ea1\u0323\u0323\u0323", "\r", "\r\n", "\t", "\"", "'", "\\", "<script>", "{{", "%s%n", "../../",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xff], [0xfe, 0xff], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x80], [0xf0, 0x9f, 0x98],
    ];

    public Random Random { get; } = new(seed);

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>A long run of one text: a huge string for a field, or many of a character.</summary>
    public string Huge(string unit) => string.Concat(Enumerable.Repeat(unit, Random.Next(2) == 0 ? Random.Next(1_000, 20_000) : Random.Next(50_000, 300_000) / Math.Max(1, unit.Length)));

    public string Oddity() => Pick(Oddities);

    public string ExtremeNumber() => Pick(ExtremeNumbers);

    /// <summary>Nesting far deeper than any reader's limit: arrays, objects, or both.</summary>
    public string DeepJson()
    {
        var depth = Random.Next(2) == 0 ? Random.Next(60, 70) : Random.Next(1_000, 100_000);
        return Random.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            _ => new string('[', depth), // never closed
        };
    }

    /// <summary>A JSON document with one to three of its values changed (structure kept); the text may not be valid JSON.</summary>
    public string MutateJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return MutateText(json);
        }
        if (root is null)
        {
            return MutateText(json);
        }
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = Random.Next(1, 4); n > 0; n--)
        {
            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            var target = Pick(nodes);
            if (target == root)
            {
                continue;
            }
            var replacement = Replacement(target, raw);
            var parent = target.Parent!;
            if (parent is JsonObject obj)
            {
                var name = target.GetPropertyName();
                if (replacement is Removed)
                {
                    obj.Remove(name);
                }
                else
                {
                    obj[name] = replacement.Node;
                }
            }
            else if (parent is JsonArray array)
            {
                var index = target.GetElementIndex();
                if (replacement is Removed)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = replacement.Node;
                }
            }
        }
        var text = root.ToJsonString();
        foreach (var (key, value) in raw)
        {
            text = text.Replace($"\"{key}\"", value, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Text with line, character and byte-level damage; <paramref name="invalidUtf8"/> lets the bytes be decoded lossily.</summary>
    public string MutateText(string text, bool invalidUtf8 = true)
    {
        for (var n = Random.Next(1, 4); n > 0; n--)
        {
            text = Random.Next(9) switch
            {
                0 => text[..Random.Next(text.Length + 1)],
                1 => Insert(text, Oddity()),
                2 => Insert(text, Huge(Random.Next(2) == 0 ? "a" : Pick(Oddities))),
                3 => Lines(text),
                4 => Insert(text, Pick(["---\n", "\n---\n", "# ", "## ", "- ", "> ", "|", "```", "\"", ",", "\t", "\\", "[", "](", "*", "<!--", "&#0;", "\u0000\n"])),
                5 => Insert(text, new string(Pick(['>', '[', '*', '-', '#', '(', '`', ' ', '"', '{', '<', '|']), Random.Next(100, 20_000))),
                6 => Insert(text, string.Concat(Enumerable.Repeat(Pick(["- ", "> ", "1. ", "  - ", "* > "]), Random.Next(50, 3_000)))),
                7 when invalidUtf8 => Encoding.UTF8.GetString(MutateBytes(Encoding.UTF8.GetBytes(text))),
                _ => Swap(text),
            };
        }
        // Text decoded from UTF-8 never holds a lone surrogate (a cut may have split a pair): as the loaders would read it.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Bytes truncated, flipped, inserted or overwritten with invalid UTF-8.</summary>
    public byte[] MutateBytes(byte[] bytes)
    {
        var list = new List<byte>(bytes);
        for (var n = Random.Next(1, 5); n > 0; n--)
        {
            var at = Random.Next(list.Count + 1);
            switch (Random.Next(5))
            {
                case 0:
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 1 when list.Count > 0:
                    var flip = Math.Min(at, list.Count - 1);
                    list[flip] ^= (byte)(1 << Random.Next(8));
                    break;
                case 2:
                    list.InsertRange(at, Pick(BadUtf8));
                    break;
                case 3 when list.Count > 0:
                    var from = Math.Min(at, list.Count - 1);
                    list[from] = (byte)Random.Next(256);
                    break;
                default:
                    var junk = new byte[Random.Next(1, 64)];
                    Random.NextBytes(junk);
                    list.InsertRange(at, junk);
                    break;
            }
        }
        return [.. list];
    }

    /// <summary>Random bytes, sometimes shaped like JSON or text.</summary>
    public byte[] RandomBytes()
    {
        if (Random.Next(2) == 0)
        {
            var bytes = new byte[Random.Next(0, 4_096)];
            Random.NextBytes(bytes);
            return bytes;
        }
        var tokens = new[] { "{", "}", "[", "]", ":", ",", "\"a\"", "\"type\"", "\"message\"", "null", "true", "1e999", "-", "\"", "\\u", "\n", "💥", "ệ" };
        var builder = new StringBuilder();
        for (var i = Random.Next(1, 300); i > 0; i--)
        {
            builder.Append(Pick(tokens));
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private string Insert(string text, string what)
    {
        var at = Random.Next(text.Length + 1);
        // Never split a surrogate pair: the parsers read text decoded from UTF-8, which has none alone.
        if (at > 0 && at < text.Length && char.IsHighSurrogate(text[at - 1]))
        {
            at--;
        }
        return text.Insert(at, what);
    }

    private string Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        var at = Random.Next(lines.Count);
        switch (Random.Next(4))
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.InsertRange(at, Enumerable.Repeat(lines[at], Random.Next(2, 50)));
                break;
            case 2:
                lines.Insert(Random.Next(lines.Count + 1), lines[at]);
                break;
            default:
                lines[at] = lines[at].Length > 0 ? lines[at][..Random.Next(lines[at].Length)] : Oddity();
                break;
        }
        return string.Join(Random.Next(4) == 0 ? "\r\n" : "\n", lines);
    }

    private string Swap(string text)
    {
        if (text.Length < 2)
        {
            return text + text;
        }
        var a = Random.Next(text.Length);
        var b = Random.Next(text.Length);
        var (from, to) = (Math.Min(a, b), Math.Max(a, b));
        return text[..from] + text[to..] + text[from..to];
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }
                break;
        }
    }

    private sealed record Removed() : Replaced((JsonNode?)null);

    private record Replaced(JsonNode? Node);

    private Replaced Replacement(JsonNode target, Dictionary<string, string> raw)
    {
        string Raw(string text)
        {
            var key = $"\u0001raw{raw.Count.ToString(CultureInfo.InvariantCulture)}\u0001";
            raw[key.Replace("\u0001", "\\u0001", StringComparison.Ordinal)] = text;
            return key;
        }
        return Random.Next(12) switch
        {
            0 => new Replaced(null),
            1 => new Removed(),
            2 => new Replaced(JsonValue.Create(Raw(ExtremeNumber()))),
            3 => new Replaced(JsonValue.Create(Huge(Random.Next(2) == 0 ? "ệ" : "x"))),
            4 => new Replaced(JsonValue.Create(Raw(DeepJson()))),
            5 => new Replaced(Random.Next(4) switch { 0 => JsonValue.Create(true), 1 => new JsonArray(), 2 => new JsonObject(), _ => JsonValue.Create(42) }),
            6 => new Replaced(JsonValue.Create(Oddity() + Oddity())),
            // A lone surrogate, as only an escape can write it.
            7 => new Replaced(JsonValue.Create(Raw(Pick(["\"\\ud800\"", "\"a\\udfff\"", "\"\\u0000\"", "\"\\u00\""])))),
            8 when target is JsonValue value && value.TryGetValue<string>(out var s) => new Replaced(JsonValue.Create(s[..Random.Next(s.Length + 1)])),
            9 when target is JsonArray array => new Replaced(new JsonArray([.. Enumerable.Range(0, Random.Next(100, 5_000)).Select(_ => array.FirstOrDefault()?.DeepClone())])),
            10 => new Replaced(JsonValue.Create(Raw(Pick(["\"\"", "[]", "{}", "[null]", "{\"\":null}", "NaN", "Infinity", "undefined", "0x10", "01", "+1", ".5"])))),
            _ => new Replaced(JsonValue.Create(Raw(ExtremeNumber()))),
        };
    }
}

/// <summary>Runs seeded cases against a parser and, on the first unexpected outcome, fails naming the seed, the case and the input.</summary>
internal static class Fuzzing
{
    /// <summary>
    /// Runs <paramref name="cases"/> inputs from <paramref name="make"/> through <paramref name="check"/>; an exception
    /// <paramref name="allowed"/> rejects is a failure. A case that does not finish within <paramref name="limit"/> in all is a hang.
    /// </summary>
    public static void Run<T>(
        string name, int seed, int cases, Func<Mutator, int, T> make, Action<T> check, Func<Exception, bool>? allowed = null,
        Func<T, string>? show = null, TimeSpan? limit = null)
    {
        var mutator = new Mutator(seed);
        var current = (Index: -1, Input: default(T));
        var worker = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < cases; i++)
            {
                var input = make(mutator, i);
                current = (i, input);
                try
                {
                    check(input);
                }
                catch (Exception e) when (allowed?.Invoke(e) == true)
                {
                    // A documented refusal.
                }
                catch (Exception e)
                {
                    throw new FuzzFailure(Describe(name, seed, i, input, show), e);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!worker.Wait(limit ?? TimeSpan.FromSeconds(60)))
        {
            throw new FuzzFailure($"hang: {Describe(name, seed, current.Index, current.Input!, show)}", null);
        }
        worker.GetAwaiter().GetResult();
    }

    /// <summary>The async form, for inputs sent to the service over HTTP.</summary>
    public static async Task RunAsync<T>(string name, int seed, int cases, Func<Mutator, int, T> make, Func<T, Task> check, Func<T, string>? show = null)
    {
        var mutator = new Mutator(seed);
        for (var i = 0; i < cases; i++)
        {
            var input = make(mutator, i);
            try
            {
                await check(input);
            }
            catch (Exception e)
            {
                throw new FuzzFailure(Describe(name, seed, i, input, show), e);
            }
        }
    }

    /// <summary>The seed, the case, and the input (escaped, shortened when long; written whole to a file).</summary>
    public static string Describe<T>(string name, int seed, int index, T input, Func<T, string>? show)
    {
        var text = show?.Invoke(input) ?? input switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => "(null)",
            _ => input.ToString() ?? "",
        };
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "citizenhelper-fuzz")).FullName;
        var file = Path.Combine(folder, $"{name}-seed{seed}-case{index}.txt");
        if (input is byte[] raw)
        {
            File.WriteAllBytes(file, raw);
        }
        else
        {
            File.WriteAllText(file, text);
        }
        var shown = JsonSerializer.Serialize(text.Length > 2_000 ? text[..1_000] + $"…({text.Length - 2_000} more)…" + text[^1_000..] : text);
        return $"{name}: seed {seed}, case {index}, input ({text.Length} chars, whole in {file}): {shown}";
    }
}

internal sealed class FuzzFailure(string message, Exception? inner) : Exception(message, inner);
