using System.Globalization;
using System.Text;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Knowledge.Units;

/// <summary>What a unit's name is made of: its type ("xã", "huyện", "tỉnh") and the part people say ("Tân Phú"), folded.</summary>
public static class UnitNames
{
    /// <summary>Types of communes and wards, folded, longest first.</summary>
    public static readonly string[] UnitTypes = ["thi tran", "dac khu", "phuong", "xa"];

    public static readonly string[] DistrictTypes = ["thanh pho", "thi xa", "huyen", "quan"];

    public static readonly string[] ProvinceTypes = ["thanh pho", "tinh"];

    /// <summary>
    /// Folded as <see cref="VietnameseText.Fold"/>, with apostrophes dropped rather than turned into spaces: the lists
    /// write both "Ea T’ling" and "Ea Tling".
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return VietnameseText.Fold(text.Replace("’", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal)
            .Replace("‘", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal));
    }

    /// <summary>("xa", "tan phu") for "Xã Tân Phú"; an empty type when the name starts with none of <paramref name="types"/>.</summary>
    public static (string Type, string Core) Split(string name, string[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var folded = Fold(name);
        foreach (var type in types)
        {
            if (folded.Length > type.Length + 1 && folded.StartsWith(type + " ", StringComparison.Ordinal))
            {
                return (type, folded[(type.Length + 1)..]);
            }
        }
        return ("", folded);
    }

    /// <summary>
    /// Each word's letters and its diacritics, the marks sorted so "Hoà" and "Hòa" agree: what tells "Tâm Thắng" from
    /// "Tam Thăng" once folding has made them one name. Words are split as <see cref="Fold"/> splits them.
    /// </summary>
    public static List<string> Signatures(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var letters = new StringBuilder();
        var marks = new StringBuilder();
        void Flush()
        {
            if (letters.Length > 0)
            {
                words.Add(letters.Append('|').Append([.. marks.ToString().Order()]).ToString());
            }
            letters.Clear();
            marks.Clear();
        }
        foreach (var c in VietnameseText.Normalized(text.Replace("’", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal), NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                marks.Append(c);
            }
            else if (c is 'đ' or 'Đ')
            {
                letters.Append('d');
                marks.Append('đ');
            }
            else if (char.IsLetterOrDigit(char.ToLowerInvariant(c)))
            {
                letters.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return words;
    }

    /// <summary>True when a signature carries a diacritic: the citizen typed with marks, so the marks count.</summary>
    public static bool HasMarks(string signature) => signature is not null && !signature.EndsWith('|');

    /// <summary>"lam dong" for "Tỉnh Lâm Đồng", "Lâm Đồng" or "lam dong": provinces are written with and without their type.</summary>
    public static string ProvinceCore(string province) => Split(province, ProvinceTypes).Core;
}
