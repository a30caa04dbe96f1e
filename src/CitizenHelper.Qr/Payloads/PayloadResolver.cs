using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Qr.Payloads;

/// <summary>
/// Tells what a scanned QR payload (or the same text pasted into the chat) points at: a procedure, a dossier
/// receipt, a center, or something we do not serve. Links are trusted only from this service and from
/// government portals (<c>*.gov.vn</c>); a code is accepted only when it is well formed, and a procedure or
/// center code only when the knowledge base knows it. Ordinary questions are not payloads (null).
/// </summary>
public sealed partial class PayloadResolver(string publicBaseUrl)
{
    /// <summary>Longer than any QR code of ours or the portals'; longer text is a message, not a payload.</summary>
    public const int MaxPayloadLength = 2048;

    private static readonly string[] DossierKeys = ["ma_ho_so", "mahoso", "mahs", "ma_hs", "hoso", "ho_so", "dossier", "d"];
    private static readonly string[] CenterKeys = ["c", "center", "ma_don_vi", "madonvi", "ma_xa", "unit"];
    private static readonly string[] OtherSchemes = ["wifi:", "begin:vcard", "mecard:", "mailto:", "tel:", "sms:", "smsto:", "geo:", "bitcoin:"];
    private static readonly ConditionalWeakTable<KnowledgeBase, Dictionary<string, string>> PortalIds = [];

    private readonly string _ownHost = new Uri(publicBaseUrl).IdnHost.ToLowerInvariant();

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex ProcedureCode();

    // One-stop-shop receipt codes: the receiving agency's identifier (dot-separated groups, e.g. 000.00.19.H26),
    // the date received (yyMMdd) and a running number.
    [GeneratedRegex(@"^(?:[A-Z0-9]{1,6}\.){1,5}[A-Z0-9]{1,6}-\d{6}-\d{3,6}$", RegexOptions.IgnoreCase)]
    private static partial Regex DossierCode();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex UnitCode();

    // The QR on a chip-based citizen identity card: a 12-digit number first, fields separated by '|'.
    [GeneratedRegex(@"^\d{12}\|")]
    private static partial Regex IdentityCard();

    // EMVCo merchant-presented codes (VietQR and other payment codes) start with the payload format indicator.
    [GeneratedRegex(@"^000201\d{2}")]
    private static partial Regex PaymentCode();

    // A link written without its scheme: "dichvucong.gov.vn/…", "www.example.com".
    [GeneratedRegex(@"^(?:www\.|(?:[a-z0-9-]+\.)+(?:vn|com|net|org|info|io|me)(?::\d+)?(?:[/?#]|$))", RegexOptions.IgnoreCase)]
    private static partial Regex HostFirst();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex PortalId();

    public static bool IsDossierCode(string text) => DossierCode().IsMatch(text ?? "");

    public ScannedPayload? Resolve(string text, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var payload = (text ?? "").Trim();
        if (payload.Length is 0 or > MaxPayloadLength)
        {
            return null;
        }
        if (IdentityCard().IsMatch(payload))
        {
            return ScannedPayload.Unknown(UnknownPayload.IdentityCard);
        }
        if (OtherSchemes.Any(s => payload.StartsWith(s, StringComparison.OrdinalIgnoreCase)) || PaymentCode().IsMatch(payload))
        {
            return ScannedPayload.Unknown(UnknownPayload.Other);
        }
        if (payload.Any(char.IsWhiteSpace))
        {
            return null;
        }
        if (payload.Contains("://", StringComparison.Ordinal) || HostFirst().IsMatch(payload))
        {
            var withScheme = payload.Contains("://", StringComparison.Ordinal) ? payload : "https://" + payload;
            return Uri.TryCreate(withScheme, UriKind.Absolute, out var link) && link.Scheme is "http" or "https"
                ? ResolveLink(link, knowledge)
                : ScannedPayload.Unknown(UnknownPayload.ForeignLink);
        }
        return ResolveCode(payload, knowledge);
    }

    private static ScannedPayload? ResolveCode(string code, KnowledgeBase knowledge)
    {
        if (ProcedureCode().IsMatch(code))
        {
            return Procedure(code, knowledge);
        }
        if (DossierCode().IsMatch(code))
        {
            return new ScannedPayload(PayloadKind.Dossier, code.ToUpperInvariant());
        }
        if (UnitCode().IsMatch(code) && FindUnit(code, knowledge) is not null)
        {
            return new ScannedPayload(PayloadKind.Center, code);
        }
        return null;
    }

    private ScannedPayload ResolveLink(Uri link, KnowledgeBase knowledge)
    {
        string host;
        try
        {
            host = link.IdnHost.ToLowerInvariant().TrimEnd('.');
        }
        catch (UriFormatException)
        {
            // Uri.TryCreate accepts a host that IDN then refuses ("xn--dc\uFFFD…"): not a portal's, so foreign.
            return ScannedPayload.Unknown(UnknownPayload.ForeignLink);
        }
        var ours = host == _ownHost;
        if (!ours && host != "gov.vn" && !host.EndsWith(".gov.vn", StringComparison.Ordinal))
        {
            return ScannedPayload.Unknown(UnknownPayload.ForeignLink);
        }
        var query = Query(link);
        var path = link.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var values = query.Select(q => q.Value).Concat(path).ToList();
        string? Param(string key) => query.FirstOrDefault(q => q.Key == key).Value;
        var language = Param("lang") is "vi" or "en" ? Param("lang") : null;
        var mode = Param("mode") is { Length: > 0 and <= 20 } m && m.All(char.IsAsciiLetterLower) ? m : null;

        var dossier = query.Where(q => DossierKeys.Contains(q.Key)).Select(q => q.Value).Concat(values)
            .FirstOrDefault(v => DossierCode().IsMatch(v));
        if (dossier is not null)
        {
            return new ScannedPayload(PayloadKind.Dossier, dossier.ToUpperInvariant()) { Language = language };
        }
        var code = values.SelectMany(VietnameseText.ProcedureCodes).FirstOrDefault();
        if (code is not null)
        {
            return Procedure(code, knowledge) with { Language = language, Mode = mode };
        }
        if (values.Select(v => PortalId().Match(v)).FirstOrDefault(m => m.Success) is { } id)
        {
            return PortalCodes(knowledge).TryGetValue(id.Value.ToLowerInvariant(), out var byId)
                ? new ScannedPayload(PayloadKind.Procedure, byId) { Language = language, Mode = mode }
                : ScannedPayload.Unknown(UnknownPayload.PortalLinkWithoutCode);
        }
        var unit = query.Where(q => CenterKeys.Contains(q.Key)).Select(q => q.Value).FirstOrDefault(v => UnitCode().IsMatch(v));
        if (unit is not null)
        {
            return FindUnit(unit, knowledge) is not null
                ? new ScannedPayload(PayloadKind.Center, unit) { Language = language }
                : ScannedPayload.Unknown(UnknownPayload.PortalLinkWithoutCode, unit);
        }
        return ScannedPayload.Unknown(ours ? UnknownPayload.Other : UnknownPayload.PortalLinkWithoutCode);
    }

    private static ScannedPayload Procedure(string code, KnowledgeBase knowledge) =>
        knowledge.FindDocument(code, "vi") is not null
            ? new ScannedPayload(PayloadKind.Procedure, code)
            : ScannedPayload.Unknown(UnknownPayload.UnknownProcedure, code);

    public static AdministrativeUnit? FindUnit(string code, KnowledgeBase knowledge) =>
        knowledge.UnitDirectory.ByCode(code);

    /// <summary>Query parameters with lower-case keys and decoded values; a malformed escape is kept as written.</summary>
    private static List<KeyValuePair<string, string>> Query(Uri link) =>
        [.. link.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var key = at < 0 ? pair : pair[..at];
            var value = at < 0 ? "" : pair[(at + 1)..];
            return KeyValuePair.Create(Uri.UnescapeDataString(key).ToLowerInvariant(), Uri.UnescapeDataString(value.Replace('+', ' ')).Trim());
        })];

    /// <summary>The National Public Service Portal's page id (…/thu-tuc-hanh-chinh/ID) of every procedure we know, to its code.</summary>
    private static Dictionary<string, string> PortalCodes(KnowledgeBase knowledge) => PortalIds.GetValue(knowledge, kb =>
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var pages = kb.Procedures.Select(p => (p.Code, p.PortalUrl)).Concat(kb.Catalog.Select(c => (c.Code, (Uri?)c.PortalUrl)));
        foreach (var (code, url) in pages)
        {
            if (url is not null && PortalId().Match(url.AbsolutePath) is { Success: true } id)
            {
                codes.TryAdd(id.Value.ToLowerInvariant(), code);
            }
        }
        return codes;
    });
}
