using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.DirectLine;

/// <summary>What a token grants: one conversation, for one purpose, until it expires.</summary>
public sealed record TokenGrant(string ConversationId, string? UserId, string Purpose, DateTimeOffset ExpiresAt);

/// <summary>
/// Direct Line tokens: a conversation id, user id, purpose and expiry, signed with HMAC-SHA256 under a key derived
/// from the Direct Line secret. A token cannot be forged, moved to another conversation or used for another purpose.
/// </summary>
public sealed class DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider clock)
{
    public const string ConversationPurpose = "conversation";
    public const string StreamPurpose = "stream";

    /// <summary>For a contentUrl: lets the browser load one attachment of one conversation without a header.</summary>
    public const string AttachmentPurpose = "attachment";
    private const string Prefix = "chdl1";

    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("CitizenHelper Direct Line token key\n" + options.Value.Secret));

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    public string Issue(string conversationId, string? userId, string purpose, TimeSpan lifetime)
    {
        var grant = new TokenGrant(conversationId, userId, purpose, clock.GetUtcNow().Add(lifetime));
        var payload = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(
            new TokenPayload(grant.ConversationId, grant.UserId, grant.Purpose, grant.ExpiresAt.ToUnixTimeSeconds())));
        return $"{Prefix}.{payload}.{Sign(payload)}";
    }

    /// <summary>The grant of a genuine, unexpired token for the purpose; null for anything else.</summary>
    public TokenGrant? Validate(string token, string purpose)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix)
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }
        try
        {
            var payload = JsonSerializer.Deserialize<TokenPayload>(WebEncoders.Base64UrlDecode(parts[1]));
            if (payload is null || payload.Purpose != purpose)
            {
                return null;
            }
            var expires = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
            return expires <= clock.GetUtcNow() ? null : new TokenGrant(payload.Conv, payload.User, payload.Purpose, expires);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>True when the bearer value is the Direct Line secret (compared in constant time).</summary>
    public bool IsSecret(string value) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(options.Value.Secret));

    private string Sign(string payload) => WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));

    private sealed record TokenPayload(string Conv, string? User, string Purpose, long Exp);
}
