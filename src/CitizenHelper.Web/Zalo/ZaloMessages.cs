using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Web.Zalo;

/// <summary>
/// A bot or staff activity as Zalo customer-service messages (the <c>message</c> object of POST /v3.0/oa/message/cs):
/// its text, plain, with the cited documents' links, split within the length limit; its suggested actions as a
/// button template whose taps come back as text (<c>oa.query.show</c> for a typed value, <c>oa.query.hide</c> with
/// <see cref="ValuePrefix"/> and the JSON value for a button that carries a value); its images as media templates.
/// </summary>
public static partial class ZaloMessages
{
    /// <summary>A tapped button's payload that carries a JSON value starts with this, and is read back as the activity's value.</summary>
    public const string ValuePrefix = "#ch";

    /// <summary>Buttons in one button template.</summary>
    public const int MaxButtons = 5;

    /// <summary>The text shown above a button template; a longer last part is sent as text before it.</summary>
    public const int MaxButtonText = 640;

    public const int MaxButtonTitle = 100;
    public const int MaxPayload = 1000;

    public static IReadOnlyList<JsonObject> For(Activity activity, int maxTextLength)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var english = activity.Locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        var parts = Split(PlainText(activity, english), maxTextLength);
        var buttons = Buttons(activity);
        var messages = new List<JsonObject>();
        var last = parts.Count > 0 ? parts[^1] : null;
        var lastGoesWithButtons = buttons.Count > 0 && last is { Length: <= MaxButtonText };
        foreach (var part in lastGoesWithButtons ? parts.Take(parts.Count - 1) : parts)
        {
            messages.Add(new JsonObject { ["text"] = part });
        }
        for (var i = 0; i < buttons.Count; i += MaxButtons)
        {
            var prompt = i == 0 && lastGoesWithButtons ? last! : english ? "Choose:" : "Chọn:";
            messages.Add(new JsonObject
            {
                ["attachment"] = new JsonObject
                {
                    ["type"] = "template",
                    ["payload"] = new JsonObject
                    {
                        ["template_type"] = "button",
                        ["text"] = prompt,
                        ["buttons"] = new JsonArray([.. buttons.Skip(i).Take(MaxButtons).Select(b => (JsonNode)b.DeepClone())]),
                    },
                },
            });
        }
        foreach (var image in activity.Attachments?.Where(a => a?.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
            && Uri.TryCreate(a.ContentUrl, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps) ?? [])
        {
            messages.Add(new JsonObject
            {
                ["attachment"] = new JsonObject
                {
                    ["type"] = "template",
                    ["payload"] = new JsonObject
                    {
                        ["template_type"] = "media",
                        ["elements"] = new JsonArray(new JsonObject { ["media_type"] = "image", ["url"] = image.ContentUrl }),
                    },
                },
            });
        }
        return messages;
    }

    /// <summary>The text without Markdown marks, a link kept as its words and its address, then the cited documents.</summary>
    public static string PlainText(Activity activity, bool english)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? "";
        if (activity.TextFormat is null or "markdown")
        {
            text = MarkdownLink().Replace(text, m => m.Groups["text"].Value == m.Groups["url"].Value ? m.Groups["url"].Value : $"{m.Groups["text"].Value} ({m.Groups["url"].Value})");
            text = Emphasis().Replace(text, "");
            text = Heading().Replace(text, "");
            text = LinkDefinition().Replace(text, m => $"[{m.Groups["n"].Value}] {m.Groups["title"].Value}: {m.Groups["url"].Value}");
        }
        var sources = Citations(activity).Where(c => !text.Contains(c.Url, StringComparison.Ordinal)).ToList();
        if (sources.Count > 0)
        {
            var builder = new StringBuilder(text.TrimEnd()).Append("\n\n").Append(english ? "Sources:" : "Nguồn:");
            foreach (var (title, url) in sources)
            {
                builder.Append("\n- ").Append(title).Append(": ").Append(url);
            }
            text = builder.ToString();
        }
        return text.Trim();
    }

    private static IEnumerable<(string Title, string Url)> Citations(Activity activity) =>
        (activity.Entities ?? [])
            .Where(e => e?["citation"] is JsonArray)
            .SelectMany(e => e!["citation"]!.AsArray())
            .Select(c => c?["appearance"])
            .Where(a => a?["url"] is JsonValue && a["name"] is JsonValue)
            .Select(a => (a!["name"]!.GetValue<string>(), a["url"]!.GetValue<string>()))
            .Distinct();

    /// <summary>Splits at paragraph breaks, then line breaks, then spaces, so that no part is longer than <paramref name="max"/>.</summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var window = rest[..max];
            var cut = window.LastIndexOf("\n\n", StringComparison.Ordinal);
            if (cut < max / 3)
            {
                cut = window.LastIndexOf('\n');
            }
            if (cut < max / 3)
            {
                cut = window.LastIndexOf(' ');
            }
            if (cut < max / 3)
            {
                cut = max;
                // Never cut a surrogate pair in two.
                if (char.IsHighSurrogate(rest[cut - 1]))
                {
                    cut--;
                }
            }
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0)
        {
            parts.Add(rest);
        }
        return parts;
    }

    private static List<JsonObject> Buttons(Activity activity)
    {
        var buttons = new List<JsonObject>();
        foreach (var action in activity.SuggestedActions?.Actions ?? [])
        {
            if (action?.Title is not { Length: > 0 } title)
            {
                continue;
            }
            title = title.Length <= MaxButtonTitle ? title : title[..MaxButtonTitle];
            var value = action.Value;
            if (action.Type == "openUrl" && value is { ValueKind: JsonValueKind.String } url)
            {
                buttons.Add(new JsonObject { ["title"] = title, ["type"] = "oa.open.url", ["payload"] = new JsonObject { ["url"] = url.GetString() } });
            }
            else if (value is { ValueKind: JsonValueKind.Object } json)
            {
                var payload = ValuePrefix + json.GetRawText();
                if (payload.Length <= MaxPayload)
                {
                    buttons.Add(new JsonObject { ["title"] = title, ["type"] = "oa.query.hide", ["payload"] = payload });
                }
            }
            else
            {
                var typed = value is { ValueKind: JsonValueKind.String } s ? s.GetString() : action.Text ?? title;
                if (typed is { Length: > 0 and <= MaxPayload })
                {
                    buttons.Add(new JsonObject { ["title"] = title, ["type"] = "oa.query.show", ["payload"] = typed });
                }
            }
        }
        return buttons;
    }

    /// <summary>The JSON value of a tapped value button (its payload came back as the message text); null for typed text.</summary>
    public static JsonElement? TappedValue(string? text)
    {
        if (text is null || !text.StartsWith(ValuePrefix, StringComparison.Ordinal) || text.Length > MaxPayload)
        {
            return null;
        }
        try
        {
            var value = JsonSerializer.Deserialize<JsonElement>(text[ValuePrefix.Length..]);
            return value.ValueKind == JsonValueKind.Object ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\[(?<text>[^\]\n]{1,300})\]\((?<url>https?://[^)\s]{1,500})\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("(?m)^\\[(?<n>[0-9]{1,3})\\]: (?<url>https?://\\S{1,500}) \"(?<title>[^\"\\n]{1,300})\"$")]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"\*\*|__")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"(?m)^#{1,6} ")]
    private static partial Regex Heading();
}
