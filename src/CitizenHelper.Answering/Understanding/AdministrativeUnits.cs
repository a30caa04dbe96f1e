using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Finds the commune or ward a question names — by today's name or a name from before 1 July 2025, in Vietnamese with
/// or without diacritics or in English ("xã Tâm Thắng cũ, huyện Cư Jút", "former Tam Thang commune") — and what it is
/// today. The old district or province in the question narrows a name found in many places.
/// </summary>
public static class AdministrativeUnits
{
    /// <summary>Words that make a name a commune or ward ("xã X", "P. 7"); most common first.</summary>
    private static readonly (string Word, string Type)[] UnitTypes =
        [("thi tran", "thi tran"), ("dac khu", "dac khu"), ("phuong", "phuong"), ("xa", "xa"), ("tt", "thi tran"), ("p", "phuong"), ("x", "xa")];

    private static readonly (string Word, string Type)[] DistrictTypes =
        [("thanh pho", "thanh pho"), ("thi xa", "thi xa"), ("huyen", "huyen"), ("quan", "quan"), ("tp", "thanh pho"), ("tx", "thi xa"), ("q", "quan"), ("h", "huyen")];

    private static readonly (string Word, string Type)[] TownWord = [("thi xa", "thi xa")];

    private static readonly (string Word, string Type)[] ProvinceTypes = [("thanh pho", "thanh pho"), ("tinh", "tinh"), ("tp", "thanh pho")];

    /// <summary>English puts the type after the name: "Tam Thang commune", "Cu Jut district".</summary>
    private static readonly Dictionary<string, string> EnglishUnitTypes = new(StringComparer.Ordinal)
    {
        ["commune"] = "xa", ["ward"] = "phuong", ["town"] = "thi tran", ["township"] = "thi tran",
    };

    private static readonly HashSet<string> FormerCues = new(["cu", "truoc", "xua", "former", "formerly", "old"], StringComparer.Ordinal);

    /// <summary>Words that may stand beside a bare name ("Tâm Thắng cũ", "I live in Tam Thang") without making it a question about something else.</summary>
    private static readonly HashSet<string> Filler = new(
        ["toi", "o", "tai", "song", "nha", "que", "day", "kia", "gio", "bay", "nay", "thuoc", "la", "va", "cua", "em", "anh", "chi", "minh", "dang", "ve", "nao", "dau", "huyen", "tinh", "quan",
         "i", "im", "am", "m", "live", "living", "in", "at", "from", "the", "of", "my", "now", "where", "which", "is", "district", "province", "city"],
        StringComparer.Ordinal);

    /// <summary>The unit the text names, when the name settles it.</summary>
    public static UnitMention? Find(string text, KnowledgeBase knowledge) =>
        Lookup(text, knowledge) is UnitFound found ? found.Mention : null;

    /// <summary>The unit the text names, or the choice to offer when the name alone does not settle it; null when it names none.</summary>
    public static UnitLookup? Lookup(string text, KnowledgeBase knowledge, string language = "vi") => Lookup(text, knowledge, language, asked: false);

    /// <summary>
    /// As <see cref="Lookup(string, KnowledgeBase, string)"/>, for a question that may be about the unit itself: null
    /// also when the name stands in passing in a long question about something else (see <see cref="MaxOtherWords"/>).
    /// </summary>
    public static UnitLookup? Asked(string text, KnowledgeBase knowledge, string language = "vi") => Lookup(text, knowledge, language, asked: true);

    private static UnitLookup? Lookup(string text, KnowledgeBase knowledge, string language, bool asked)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var directory = knowledge.UnitDirectory;
        if (string.IsNullOrWhiteSpace(text) || directory.NameCount == 0)
        {
            return null;
        }
        var words = new UnitText(text, directory);
        if (Named(words) is not var (hit, type) || (asked && !AsksAboutTheUnit(text, words, hit)))
        {
            return null;
        }
        var (provinces, districts) = Qualifiers(words, hit);
        var candidates = Candidates(directory, hit, type);
        // Folded, "Tâm Thắng" is also "Tam Thăng" of Quảng Nam: typed with diacritics, the diacritics decide.
        // A name typed with marks must match as typed: "ra xã làm thủ tục" is not "thị trấn Lâm", and "ra xã làm hợp
        // đồng" is not "xã Lâm Hợp". A wrong mark in a real name costs a retyped question; a wrong commune costs more.
        candidates = [.. candidates.Where(c => words.SpelledAs(hit, c.Former?.Name ?? c.Unit!.Name))];
        candidates = Narrow(candidates, provinces, districts);
        candidates = Prefer(candidates, words.Contains(FormerCues));
        return UnitChoices.Decide(candidates, language);
    }

    // Beside a long question about something else ("tôi ở xã biên giới Lạng Sơn, vợ tôi là người Trung Quốc, … làm
    // khai sinh thế nào?"), a commune's name says where the citizen lives, not what they ask. Its card is given when
    // the question asks for a center or where a unit went, or says little besides the name.
    private const int MaxOtherWords = 6;

    private static readonly string[] UnitCues =
    [
        "sap nhap", "sat nhap", "xa moi", "phuong moi", "don vi moi", "gio la", "bay gio", "gio thuoc", "thuoc xa", "thuoc phuong",
        "thuoc dau", "trung tam", "mot cua", "merged", "merge", "now", "new", "center", "centre", "office",
    ];

    private static readonly HashSet<string> TypeWords = new(
        UnitTypes.Concat(DistrictTypes).Concat(ProvinceTypes).SelectMany(t => t.Word.Split(' ')), StringComparer.Ordinal);

    private static bool AsksAboutTheUnit(string text, UnitText words, NameHit named)
    {
        if (CenterQuestion.Asked(text) != CenterFacts.None || words.ContainsPhrase(UnitCues))
        {
            return true;
        }
        var nameStart = named.First - (words.TypeBefore(named.First, UnitTypes)?.Words ?? 0);
        var places = words.Hits.Where(h => h.Has(UnitNameKind.District) || h.Has(UnitNameKind.Province)).ToList();
        var others = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words.Word(i);
            var placed = (i >= nameStart && i < named.End) || places.Any(h => i >= h.First && i < h.End);
            if (!placed && !Filler.Contains(word) && !FormerCues.Contains(word) && !TypeWords.Contains(word))
            {
                others++;
            }
        }
        return others <= MaxOtherWords;
    }

    /// <summary>The name of a commune or ward: the longest one with its type word; else a bare name that is all the text says.</summary>
    private static (NameHit Hit, string? Type)? Named(UnitText words)
    {
        (NameHit Hit, string? Type)? best = null;
        foreach (var hit in words.Hits)
        {
            if (!hit.Has(UnitNameKind.Unit) && !hit.Has(UnitNameKind.Former))
            {
                continue;
            }
            // "thị xã Sơn Tây" is a town (district level), not a commune called Sơn Tây.
            var type = words.TypeBefore(hit.First, TownWord) is not null ? null
                : words.TypeBefore(hit.First, UnitTypes)?.Type ?? EnglishUnitTypes.GetValueOrDefault(words.Word(hit.End));
            if (type is not null && (best is null || hit.Count > best.Value.Hit.Count))
            {
                best = (hit, type);
            }
        }
        if (best is not null)
        {
            return best;
        }
        // "Tâm Thắng cũ", "Ea Tling": no type word, but nothing else either. One-word names are too common to trust.
        var bare = words.Hits.Where(h => h.Count >= 2 && (h.Has(UnitNameKind.Unit) || h.Has(UnitNameKind.Former))).OrderByDescending(h => h.Count).FirstOrDefault();
        if (bare.Entries is null)
        {
            return null;
        }
        var others = words.Hits.Where(h => (h.End <= bare.First || h.First >= bare.End) && (h.Has(UnitNameKind.District) || h.Has(UnitNameKind.Province))).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var inName = i >= bare.First && i < bare.End;
            if (!inName && !others.Any(h => i >= h.First && i < h.End) && !Filler.Contains(words.Word(i)) && !FormerCues.Contains(words.Word(i)))
            {
                return null;
            }
        }
        return (bare, null);
    }

    /// <summary>Provinces and old districts named outside the unit's name (cores: "lam dong", "cu jut").</summary>
    private static (HashSet<string> Provinces, HashSet<string> Districts) Qualifiers(UnitText words, NameHit named)
    {
        var provinces = new HashSet<string>(StringComparer.Ordinal);
        var districts = new HashSet<string>(StringComparer.Ordinal);
        var nameStart = named.First - (words.TypeBefore(named.First, UnitTypes)?.Words ?? 0);
        foreach (var hit in words.Hits.Where(h => h.End <= nameStart || h.First >= named.End))
        {
            var after = words.Word(hit.End);
            var districtTyped = words.TypeBefore(hit.First, DistrictTypes) is not null || after == "district";
            var provinceTyped = words.TypeBefore(hit.First, ProvinceTypes) is not null || after is "province" or "city";
            var bare = hit.Count >= 2 && !hit.Name.Any(char.IsAsciiDigit);
            if (hit.Has(UnitNameKind.Province) && (provinceTyped || bare || hit.Name is "hcm" or "tphcm"))
            {
                provinces.Add(hit.Name);
            }
            if (hit.Has(UnitNameKind.District) && (districtTyped || bare))
            {
                districts.Add(hit.Name);
            }
        }
        return (provinces, districts);
    }

    private static List<UnitCandidate> Candidates(UnitDirectory directory, NameHit hit, string? type)
    {
        var entries = hit.Entries.Where(e => e.Kind is UnitNameKind.Unit or UnitNameKind.Former).ToList();
        // "thị trấn Lạc Dương" is the former town, not today's "xã Lạc Dương"; a wrong type word is still a hint, not a
        // filter, except for a one-word name: "xã Lâm" is no "thị trấn Lâm".
        if (type is not null && (entries.Any(e => e.Type == type) || hit.Count == 1))
        {
            entries = [.. entries.Where(e => e.Type == type)];
        }
        var candidates = new List<UnitCandidate>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Kind == UnitNameKind.Unit)
            {
                candidates.Add(new UnitCandidate(directory.Units[entry.Index], null, [directory.Units[entry.Index]]));
            }
            else
            {
                var former = directory.Formers[entry.Index];
                var targets = former.NewCodes.Select(directory.ByCode).OfType<AdministrativeUnit>().ToArray();
                if (targets.Length > 0)
                {
                    candidates.Add(new UnitCandidate(null, former, targets));
                }
            }
        }
        return candidates;
    }

    /// <summary>Those in the named province and old district; when none is, the names were not what narrows it, and all stay.</summary>
    private static List<UnitCandidate> Narrow(List<UnitCandidate> candidates, HashSet<string> provinces, HashSet<string> districts)
    {
        if (provinces.Count == 0 && districts.Count == 0)
        {
            return candidates;
        }
        bool InProvince(UnitCandidate c) => provinces.Contains(UnitNames.ProvinceCore(c.Former?.Province ?? c.Unit!.Province))
            || c.Targets.Any(t => provinces.Contains(UnitNames.ProvinceCore(t.Province)));
        bool InDistrict(UnitCandidate c) => c.Former is { } f && districts.Contains(UnitNames.Split(f.District, UnitNames.DistrictTypes).Core);
        List<UnitCandidate>[] tries =
        [
            [.. candidates.Where(c => (provinces.Count == 0 || InProvince(c)) && (districts.Count == 0 || InDistrict(c)))],
            [.. candidates.Where(InDistrict)],
            [.. candidates.Where(InProvince)],
        ];
        return tries.FirstOrDefault(t => t.Count > 0) ?? candidates;
    }

    /// <summary>
    /// "cũ"/"former" means the name from before 2025. Otherwise today's unit of that name wins over a former one in
    /// the same province ("phường Ngọc Hà" is today's ward), but not over one elsewhere.
    /// </summary>
    private static List<UnitCandidate> Prefer(List<UnitCandidate> candidates, bool former)
    {
        if (former)
        {
            return candidates.Any(c => c.Former is not null) ? [.. candidates.Where(c => c.Former is not null)] : candidates;
        }
        var current = candidates.Where(c => c.Unit is not null).Select(c => c.Unit!.Province).ToHashSet(StringComparer.Ordinal);
        return [.. candidates.Where(c => c.Unit is not null || !c.Targets.Any(t => current.Contains(t.Province)))];
    }
}

/// <summary>One thing a name may mean: today's unit, or a former unit and the unit(s) it became.</summary>
internal sealed record UnitCandidate(AdministrativeUnit? Unit, FormerUnit? Former, AdministrativeUnit[] Targets);
