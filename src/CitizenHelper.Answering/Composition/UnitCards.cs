using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Answering.Composition;

/// <summary>
/// The answer about a commune: what it is today, its center, and only what the lists and the staff's centers file
/// say. The address from the national list is the People's Committee's published seat, and is called that; hours and
/// phone are only ever the staff's.
/// </summary>
public static class UnitCards
{
    public static Answer Found(UnitFound found, CenterFacts asked, string language)
    {
        ArgumentNullException.ThrowIfNull(found);
        var mention = found.Mention;
        var en = language == "en";
        var unit = mention.Unit;
        var unknown = en ? "not in our list — ask the commune office, or type \"talk to staff\"" : "chưa có trong danh sách của chúng tôi — bạn hỏi Ủy ban nhân dân xã, hoặc nhắn \"gặp cán bộ\"";
        var unpublished = en
            ? "not published in our data — go to the address above, or type \"talk to staff\""
            : "chưa được công bố trong dữ liệu của chúng tôi — bạn đến địa chỉ ở trên, hoặc nhắn \"gặp cán bộ\"";
        var text = new StringBuilder();
        if (mention.Former is { } former && (mention.FormerName is not null || former.Province != unit.Province))
        {
            var place = $"{former.Name} ({former.District}, {former.Province})";
            text.Append(en
                ? $"{place} was merged on 1 July 2025 into **{unit.Name}** ({unit.Province}) [1].\n\n"
                : $"{place} đã được sáp nhập từ ngày 01/7/2025 vào **{unit.Name}** ({unit.Province}) [1].\n\n");
        }
        else if (mention.FormerName is { } formerName)
        {
            text.Append(en
                ? $"{formerName} was merged on 1 July 2025 into **{unit.Name}** ({unit.Province}) [1].\n\n"
                : $"{formerName} đã được sáp nhập từ ngày 01/7/2025 vào **{unit.Name}** ({unit.Province}) [1].\n\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"**{unit.Name}** ({unit.Province}) [1]\n\n");
        }
        text.Append(Lead(unit, asked, en));
        if (unit.MergedFrom.Count > 0)
        {
            text.Append(en ? "- Formed from: " : "- Hình thành từ: ").Append(string.Join(", ", unit.MergedFrom)).Append('\n');
        }
        text.Append(en ? "- Service center: " : "- Trung tâm Phục vụ hành chính công: ").Append(unit.CenterName ?? unknown).Append('\n')
            .Append(en ? "- Address: " : "- Địa chỉ: ").Append(unit.Address ?? unknown).Append(unit.AddressIsSeat ? SeatNote(en) : "").Append('\n')
            .Append(en ? "- Opening hours: " : "- Giờ làm việc: ").Append(unit.Hours ?? (unit.ListLine > 0 ? unpublished : unknown)).Append('\n')
            .Append(en ? "- Phone: " : "- Điện thoại: ").Append(unit.Phone ?? (unit.ListLine > 0 ? unpublished : unknown)).Append('\n');
        if (unit.Sample)
        {
            text.Append(en ? "\n(Sample data: the province has not yet published its own list here.)\n" : "\n(Dữ liệu mẫu: tỉnh chưa cập nhật danh sách chính thức vào đây.)\n");
        }
        var elsewhere = found.Elsewhere ?? [];
        if (elsewhere.Count > 0)
        {
            text.Append(en
                ? $"\nOther places have this name too ({elsewhere.Count}); if you live in one of them, choose it below.\n"
                : $"\nCòn {elsewhere.Count} nơi khác cùng tên; nếu bạn ở một trong những nơi đó, chọn bên dưới.\n");
        }
        var citations = Citations(unit);
        for (var i = 0; i < citations.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{i + 1}]: {citations[i].Url} \"{citations[i].DocumentPath}\"");
        }
        var texts = AnswerTexts.For(language);
        return new Answer
        {
            Outcome = AnswerOutcome.Answered,
            Text = text.ToString(),
            Language = language,
            Citations = citations,
            Suggestions = [.. elsewhere.Select(o => new SuggestedReply(o.Label, o.Reply)), new SuggestedReply(texts.AskStaffButton, texts.AskStaffButton)],
        };
    }

    /// <summary>The question that settles which unit: which part of a divided commune, or which of the places of that name.</summary>
    public static Answer Choice(UnitChoice choice, string language)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var en = language == "en";
        string text;
        if (choice is { Divided: true, Former: { } former })
        {
            var parts = string.Join(", ", choice.Options.Select(o => o.Label));
            text = en
                ? $"{former.Name} ({former.District}, {former.Province}) was divided on 1 July 2025 between {choice.Places} new units: {parts}. Which part do you live in — which village, residential group or street? Choose the unit it now belongs to; if you are not sure, ask your village head or type \"talk to staff\"."
                : $"{former.Name} ({former.District}, {former.Province}) đã được chia cho {choice.Places} đơn vị mới từ ngày 01/7/2025: {parts}. Bạn ở thôn, tổ dân phố hay đường nào? Chọn đơn vị nơi bạn ở nay thuộc về; nếu chưa rõ, bạn hỏi trưởng thôn/tổ trưởng hoặc nhắn \"gặp cán bộ\".";
        }
        else
        {
            text = en
                ? $"There are {choice.Places} places called {choice.Name}. Which one do you mean? Choose below, or add the old district and province (e.g. \"former {choice.Name}, … district, … province\")."
                : $"Có {choice.Places} nơi tên {choice.Name}. Bạn ở nơi nào? Chọn bên dưới, hoặc ghi thêm huyện và tỉnh cũ (ví dụ: \"{choice.Name} cũ, huyện …, tỉnh …\").";
        }
        return new Answer
        {
            Outcome = AnswerOutcome.Clarify,
            Text = text,
            Language = language,
            Suggestions = [.. choice.Options.Select(o => new SuggestedReply(o.Label, o.Reply))],
        };
    }

    /// <summary>The fact asked for, first: "hours: not published" must not hide in the list below.</summary>
    private static string Lead(AdministrativeUnit unit, CenterFacts asked, bool en)
    {
        var center = unit.CenterName ?? unit.Name;
        var lines = new StringBuilder();
        if (asked.HasFlag(CenterFacts.Hours))
        {
            lines.Append(unit.Hours is { } hours
                ? en ? $"Opening hours of {center}: **{hours}**.\n" : $"Giờ làm việc của {center}: **{hours}**.\n"
                : en ? $"The opening hours of {center} are not published in our data.\n" : $"Giờ làm việc của {center} chưa được công bố trong dữ liệu của chúng tôi.\n");
        }
        if (asked.HasFlag(CenterFacts.Phone))
        {
            lines.Append(unit.Phone is { } phone
                ? en ? $"Phone of {center}: **{phone}**.\n" : $"Điện thoại của {center}: **{phone}**.\n"
                : en ? $"The phone number of {center} is not published in our data.\n" : $"Số điện thoại của {center} chưa được công bố trong dữ liệu của chúng tôi.\n");
        }
        if (asked != CenterFacts.None && unit.Address is { } address)
        {
            lines.Append(unit.AddressIsSeat
                ? en ? $"It is at the published seat of the commune People's Committee: **{address}**.\n" : $"Địa chỉ là trụ sở Ủy ban nhân dân đã được công bố: **{address}**.\n"
                : en ? $"Address: **{address}**.\n" : $"Địa chỉ: **{address}**.\n");
        }
        return lines.Length > 0 ? lines.Append('\n').ToString() : "";
    }

    private static string SeatNote(bool en) => en
        ? " (the published seat of the People's Committee; the center is usually there)"
        : " (trụ sở Ủy ban nhân dân đã được công bố; Trung tâm thường đặt tại đây)";

    /// <summary>The staff's centers file when a row there added to the unit, and the national list it comes from.</summary>
    private static List<Citation> Citations(AdministrativeUnit unit)
    {
        var list = $"{UnitsLoader.Folder}/{UnitsLoader.ListFile}";
        var citations = new List<Citation>
        {
            new(unit.Name, unit.SourcePath, unit.Source ?? new Uri("https://dichvucong.gov.vn/"), string.Join(", ", unit.MergedFrom), default),
        };
        if (unit.ListLine > 0 && unit.SourcePath != list)
        {
            citations.Add(new Citation(unit.Name, list, UnitListParser.Provenance, string.Join(", ", unit.MergedFrom), default));
        }
        return citations;
    }
}
