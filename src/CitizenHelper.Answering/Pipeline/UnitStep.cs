using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Answers "where is my commune's center now?" — including by the name of a commune merged away in 2025 — from
/// the centers list. Only what the list holds is said; a missing address, phone or hours is said to be unknown.
/// Runs when no procedure was chosen, so "đăng ký khai sinh ở xã Tâm Thắng" still gets the procedure.
/// </summary>
public sealed class UnitStep : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DocumentKey is not null || context.Escalation == EscalationReason.AskedForPerson)
        {
            return ValueTask.CompletedTask;
        }
        if (AdministrativeUnits.Find(context.Question.Text, context.Knowledge.Base.Units) is not { } mention)
        {
            return ValueTask.CompletedTask;
        }
        context.Escalation = null;
        context.Answer = Card(mention, context.Language);
        return ValueTask.CompletedTask;
    }

    private static Answer Card(UnitMention mention, string language)
    {
        var en = language == "en";
        var unit = mention.Unit;
        var unknown = en ? "not in our list — ask the commune office, or type \"talk to staff\"" : "chưa có trong danh sách của chúng tôi — bạn hỏi Ủy ban nhân dân xã, hoặc nhắn \"gặp cán bộ\"";
        var text = new StringBuilder();
        if (mention.FormerName is { } former)
        {
            text.Append(en
                ? $"{former} was merged on 1 July 2025 into **{unit.Name}** ({unit.Province}) [1].\n\n"
                : $"{former} đã được sáp nhập từ ngày 01/7/2025 vào **{unit.Name}** ({unit.Province}) [1].\n\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"**{unit.Name}** ({unit.Province}) [1]\n\n");
        }
        if (unit.MergedFrom.Count > 0)
        {
            text.Append(en ? "- Formed from: " : "- Hình thành từ: ").Append(string.Join(", ", unit.MergedFrom)).Append('\n');
        }
        text.Append(en ? "- Service center: " : "- Trung tâm Phục vụ hành chính công: ").Append(unit.CenterName ?? unknown).Append('\n')
            .Append(en ? "- Address: " : "- Địa chỉ: ").Append(unit.Address ?? unknown).Append('\n')
            .Append(en ? "- Opening hours: " : "- Giờ làm việc: ").Append(unit.Hours ?? unknown).Append('\n')
            .Append(en ? "- Phone: " : "- Điện thoại: ").Append(unit.Phone ?? unknown).Append('\n');
        if (unit.Sample)
        {
            text.Append(en ? "\n(Sample data: the province has not yet published its own list here.)\n" : "\n(Dữ liệu mẫu: tỉnh chưa cập nhật danh sách chính thức vào đây.)\n");
        }
        var source = unit.Source ?? new Uri("https://dichvucong.gov.vn/");
        text.Append(CultureInfo.InvariantCulture, $"\n[1]: {source} \"{unit.SourcePath}\"");
        var texts = AnswerTexts.For(language);
        return new Answer
        {
            Outcome = AnswerOutcome.Answered,
            Text = text.ToString(),
            Language = language,
            Citations = [new Citation(unit.Name, unit.SourcePath, source, string.Join(", ", unit.MergedFrom), default)],
            Suggestions = [new SuggestedReply(texts.AskStaffButton, texts.AskStaffButton)],
        };
    }
}
