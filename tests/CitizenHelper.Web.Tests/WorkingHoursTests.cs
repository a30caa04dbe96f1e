using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.Tests;

/// <summary>A center's working hours: outside them the citizen is told when staff will be back, not promised an answer now.</summary>
public sealed class WorkingHoursTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public void HoursAreReadAndTheNextOpeningFound()
    {
        var (hours, problem) = WorkingHours.Parse("Mon-Fri 07:30-11:30 13:30-17:00; Sat 07:30-11:30");
        Assert.Null(problem);

        // Friday 2026-12-04 in Vietnam.
        Assert.Null(hours!.BackAt(new DateTimeOffset(2026, 12, 4, 9, 0, 0, Vietnam)));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 13, 30, 0, Vietnam), hours.BackAt(new DateTimeOffset(2026, 12, 4, 12, 0, 0, Vietnam)));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 7, 30, 0, Vietnam), hours.BackAt(new DateTimeOffset(2026, 12, 4, 18, 0, 0, Vietnam)));
        // Saturday afternoon: back on Monday morning; the same instant given in UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 30, 0, Vietnam), hours.BackAt(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("Mon-Fri")]
    [InlineData("Everyday 07:30-11:30")]
    [InlineData("Mon 11:30-07:30")]
    [InlineData("")]
    public void HoursThatCannotBeReadAreRefusedAtStart(string text)
    {
        Assert.NotNull(WorkingHours.Parse(text).Problem);
        var options = new StaffOptions();
        options.WorkingHours["24640"] = text;
        Assert.Contains(options.Validate(), p => p.Contains("WorkingHours:24640", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutsideWorkingHoursTheCitizenIsToldWhenStaffAreBack()
    {
        // Open only tomorrow (in Vietnam), so closed now whatever the time of the run.
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(Vietnam).AddDays(1);
        var day = tomorrow.DayOfWeek.ToString()[..3];
        using var factory = new CitizenHelperFactory(new Dictionary<string, string?> { ["Staff:WorkingHours:default"] = $"{day} 07:30-11:30" });

        var (_, conversationId, citizen) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", "Xã Cư Jút");

        var escalation = (await citizen.ActivitiesAsync(conversationId)).Last(a => a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("reference", out _));
        var text = escalation.GetProperty("text").GetString()!;
        Assert.Contains("ngoài giờ làm việc", text, StringComparison.Ordinal);
        Assert.Contains($"từ 07:30 ngày {tomorrow.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ngay trong cuộc trò chuyện", text, StringComparison.Ordinal);
    }
}
