using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.DirectLine;

/// <summary>What every Direct Line endpoint checks of a request: the caller, the conversation, watermarks and bounded JSON bodies.</summary>
public static class DirectLineRequests
{
    public const int MaxSmallBodyBytes = 4 * 1024;
    public const int MaxActivitiesPerGet = 100;

    /// <summary>The caller, if its token or the secret may use the conversation and the conversation exists; else the problem.</summary>
    public static async Task<(DirectLineCaller? Caller, IResult? Error)> AuthorizeAsync(
        HttpRequest request, string conversationId, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var (caller, error) = DirectLineCaller.From(request, tokens);
        if (caller is null)
        {
            return (null, error);
        }
        if (!caller.CanUse(conversationId))
        {
            return (null, DirectLineProblems.Forbidden());
        }
        if (!await store.ExistsAsync(conversationId, cancellationToken))
        {
            return (null, DirectLineProblems.NotFound());
        }
        return (caller, null);
    }

    /// <summary>
    /// Who the client posts as. A token issued for a user speaks for that user only; otherwise the client's own id is
    /// kept (Web Chat makes one up), unless it is one the service itself writes as — the bot or staff — or too long.
    /// </summary>
    public static string SenderId(DirectLineCaller caller, string? claimed) => SenderId(claimed, caller?.Grant?.UserId);

    /// <summary>The sender id a client may use: the one its token grants, else its own unless reserved or too long.</summary>
    internal static string SenderId(string? claimed, string? grantedUserId) =>
        grantedUserId
        ?? (string.IsNullOrWhiteSpace(claimed) || claimed.Length > 128 || ReservedSenderIds.Contains(claimed) ? "user" : claimed);

    private static readonly HashSet<string> ReservedSenderIds = new([BotIdentity.Id, "staff", "bot"], StringComparer.OrdinalIgnoreCase);

    internal static IResult NullInList(string list) => DirectLineProblems.BadArgument($"The activity's '{list}' holds a null; send objects only, or leave the list out.");

    /// <summary>Watermarks are the strings we gave out; empty or absent means "from the start".</summary>
    public static bool TryParseWatermark(string? watermark, out long value)
    {
        value = 0;
        return string.IsNullOrEmpty(watermark) || (long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }

    public static Task<(T? Body, IResult? Error)> ReadSmallBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class =>
        request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0)
            ? Task.FromResult<(T?, IResult?)>((null, null))
            : ReadBodyAsync<T>(request, MaxSmallBodyBytes, cancellationToken);

    /// <summary>
    /// True when a string of the JSON is an escaped lone surrogate ("\udfff"): JSON allows it, but kept in a
    /// JsonElement (value, channelData) it fails only later, when the activity is written back out.
    /// </summary>
    internal static bool HoldsLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Reads a JSON body of at most <paramref name="maxBytes"/>; anything larger or malformed is a 400 problem.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, DirectLineProblems.BadArgument($"The body is larger than {maxBytes} bytes."));
        }
        // Read into one buffer sized from Content-Length, growing only when a client did not say or said wrongly.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        int read;
        while ((read = await request.Body.ReadAsync(buffer.GetMemory(), cancellationToken)) > 0)
        {
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return (null, DirectLineProblems.BadArgument($"The body is larger than {maxBytes} bytes."));
            }
        }
        if (buffer.WrittenCount == 0)
        {
            return (null, null);
        }
        try
        {
            return HoldsLoneSurrogate(buffer.WrittenSpan)
                ? (null, DirectLineProblems.BadArgument("The body holds a \\u escape of half a surrogate pair, which is not text."))
                : (JsonSerializer.Deserialize<T>(buffer.WrittenSpan, ActivityJson.Options), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (null, DirectLineProblems.BadArgument($"The body is not valid JSON{where}."));
        }
    }
}
