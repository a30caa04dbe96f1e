using System.Security.Cryptography;
using System.Text;

namespace CitizenHelper.Web.Zalo;

/// <summary>
/// Zalo's webhook signature: the header <c>X-ZEvent-Signature: mac=HEX</c>, where HEX is SHA-256 over the app id, the
/// raw body, the event's timestamp (from the body) and the OA secret key, one after the other. The body is hashed as
/// received: parsing and writing it again would change the bytes.
/// </summary>
public static class ZaloSignature
{
    public const string HeaderName = "X-ZEvent-Signature";

    public static string Compute(string appId, ReadOnlySpan<byte> body, string timestamp, string oaSecretKey)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(appId));
        hash.AppendData(body);
        hash.AppendData(Encoding.UTF8.GetBytes(timestamp));
        hash.AppendData(Encoding.UTF8.GetBytes(oaSecretKey));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The header's value for a body (what Zalo sends, and what the tests' fake server sends).</summary>
    public static string Header(string appId, ReadOnlySpan<byte> body, string timestamp, string oaSecretKey) =>
        "mac=" + Compute(appId, body, timestamp, oaSecretKey);

    /// <summary>Whether <paramref name="header"/> (with or without "mac=") signs the body; compared in constant time.</summary>
    public static bool Verify(string? header, string appId, ReadOnlySpan<byte> body, string timestamp, string oaSecretKey)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }
        var given = header.Trim();
        if (given.StartsWith("mac=", StringComparison.OrdinalIgnoreCase))
        {
            given = given[4..];
        }
        var expected = Compute(appId, body, timestamp, oaSecretKey);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected));
    }
}
