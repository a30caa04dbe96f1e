using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// The national procedure codes a message names: written out ("1.001193", "thủ tục 1.001193", "mã 1.001193 cần giấy
/// tờ gì") or inside a pasted link (the National Public Service Portal's <c>?ma_thu_tuc=1.001193</c>, our own
/// <c>?p=1.001193</c> on a board's QR code, or the portal's page address with its page id instead of a code).
/// </summary>
public static partial class ProcedureCodes
{
    private static readonly ConditionalWeakTable<KnowledgeBase, Dictionary<string, string>> CodesByPageId = [];

    // A digit, a dot, six digits; not part of a longer number ("11.001193", "1.0011934") or an amount ("1.000.000").
    [GeneratedRegex(@"(?<![\d.])\d\.\d{6}(?![\d]|\.\d)")]
    private static partial Regex Code();

    // The portal's page id of a procedure (…/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7).
    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex PageId();

    /// <summary>Every well-formed code written in the text, known or not, in order and once each.</summary>
    public static IReadOnlyList<string> Written(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. Code().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The procedures the text names that the knowledge base has (a document or a catalog entry), by code or by the
    /// portal page id of a pasted link; in order, once each.
    /// </summary>
    public static IReadOnlyList<string> Find(string text, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knowledge);
        var byPage = PageId().Matches(text)
            .Select(m => PageCodes(knowledge).GetValueOrDefault(m.Value.ToLowerInvariant()))
            .OfType<string>();
        return [.. Written(text).Concat(byPage).Distinct(StringComparer.Ordinal).Where(code => knowledge.FindDocument(code, "vi") is not null)];
    }

    /// <summary>True when the text names a code (or a portal page) but none the knowledge base has: a code to question, not to guess.</summary>
    public static bool NamesOnlyUnknown(string text, KnowledgeBase knowledge) =>
        Find(text, knowledge).Count == 0 && Written(text).Count > 0;

    private static Dictionary<string, string> PageCodes(KnowledgeBase knowledge) => CodesByPageId.GetValue(knowledge, kb =>
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var pages = kb.Procedures.Select(p => (p.Code, p.PortalUrl)).Concat(kb.Catalog.Select(c => (c.Code, (Uri?)c.PortalUrl)));
        foreach (var (code, url) in pages)
        {
            if (url is not null && PageId().Match(url.AbsolutePath) is { Success: true } id)
            {
                codes.TryAdd(id.Value.ToLowerInvariant(), code);
            }
        }
        return codes;
    });
}
