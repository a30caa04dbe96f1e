using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// Staff in the citizen's chat are a named person of a named center, not the bot: the take, each reply and the close
/// come from the staff member's display name (never their e-mail) and their center (#18).
/// </summary>
public sealed class StaffSignatureTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string CenterA = "Xã Cư Jút";
    private const string Question = "xin giấy phép nuôi chim yến ở nhà";
    private const string Center = "Trung tâm Phục vụ hành chính công xã Cư Jút";

    private static bool Is(JsonElement activity, string name, string state) =>
        activity.TryGetProperty("name", out var n) && n.GetString() == name && activity.GetProperty("value").GetProperty("state").GetString() == state;

    [Fact]
    public async Task TakeReplyAndCloseNameTheStaffMemberAndTheirCenter()
    {
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var email = $"lan{Guid.NewGuid():N}@center.test";
        var created = await admin.PostAsJsonAsync("/api/staff/users", new { email, name = "Nguyễn Thị Lan", password = StaffSessions.Password, role = "staff", centers = new[] { CenterA } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (reference, conversationId, citizen) = await factory.EscalateAsync(Question, CenterA);
        using var staff = await factory.ApiAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/staff/escalations/{reference}/take", null)).StatusCode);
        var taken = Assert.Single(await citizen.ActivitiesAsync(conversationId), a => Is(a, "handoff.status", "accepted"));
        Assert.Equal($"Nguyễn Thị Lan · {Center}", taken.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("staff", taken.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("Nguyễn Thị Lan", taken.GetProperty("value").GetProperty("staff").GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Chào bạn, tôi sẽ gọi lại." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/staff/escalations/{reference}/resolve", null)).StatusCode);

        var activities = await citizen.ActivitiesAsync(conversationId);
        var message = Assert.Single(activities, a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("id").GetString() == "staff");
        Assert.Equal("bot", message.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal($"Nguyễn Thị Lan · {Center}", message.GetProperty("from").GetProperty("name").GetString());
        var signed = message.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("staff");
        Assert.Equal(("Nguyễn Thị Lan", Center), (signed.GetProperty("name").GetString(), signed.GetProperty("center").GetString()));
        var closed = Assert.Single(activities, a => Is(a, "handoff.status", "completed"));
        Assert.StartsWith("Nguyễn Thị Lan", closed.GetProperty("from").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(activities, a => a.GetRawText().Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnAccountWhoseNameIsItsAddressIsShownAsCenterStaffNotByEmail()
    {
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var email = $"plain{Guid.NewGuid():N}@center.test";
        await admin.CreateStaffAsync(email, "staff", CenterA); // its name is its e-mail
        var (reference, conversationId, citizen) = await factory.EscalateAsync(Question, CenterA);
        using var staff = await factory.ApiAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Chào bạn." })).StatusCode);

        var activities = await citizen.ActivitiesAsync(conversationId);
        var message = Assert.Single(activities, a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("id").GetString() == "staff");
        Assert.Equal($"Cán bộ Trung tâm · {Center}", message.GetProperty("from").GetProperty("name").GetString());
        Assert.DoesNotContain(activities, a => a.GetRawText().Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ClosingAQuestionNoOneTookTellsTheCitizenNothing()
    {
        var (reference, conversationId, citizen) = await factory.EscalateAsync(Question, CenterA);
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/staff/escalations/{reference}/resolve", null)).StatusCode);

        Assert.DoesNotContain(await citizen.ActivitiesAsync(conversationId), a => a.GetProperty("from").GetProperty("id").GetString() == "staff");
    }
}
