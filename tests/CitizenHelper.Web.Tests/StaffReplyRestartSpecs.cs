using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Storage;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

public sealed class StaffReplyRestartOnSqlite() : StaffReplyRestartSpecs(StorageProvider.Sqlite);

[RequiresPostgreSql]
public sealed class StaffReplyRestartOnPostgreSql() : StaffReplyRestartSpecs(StorageProvider.PostgreSql);

/// <summary>
/// A staff reply cut off by a crash — the escalation marked answered, the process stopped before the reply reached the
/// citizen's chat — is shown to staff as pending delivery, and the next start delivers it into the chat once.
/// </summary>
public abstract class StaffReplyRestartSpecs(StorageProvider provider)
{
    private const string ReplyText = "Cán bộ Trung tâm sẽ gọi lại cho bạn trong hôm nay.";

    [DatabaseFact]
    public async Task AReplyCutOffByACrashIsShownPendingAndTheNextStartDeliversItIntoTheChatOnce()
    {
        using var database = TestDatabase.Create(provider);
        string reference, conversationId, citizenToken, activityId;
        using (var crashed = new CitizenHelperFactory(database, [], ownsDatabase: false))
        {
            (reference, conversationId, var citizen) = await crashed.EscalateAsync("xin giấy phép nuôi chim yến ở nhà");
            citizenToken = citizen.DefaultRequestHeaders.Authorization!.Parameter!;
            citizen.Dispose();
            var escalations = crashed.Services.GetRequiredService<EscalationStore>();
            var version = (await escalations.FindAsync(reference, StaffScope.Admin, default))!.UpdatedAt;

            // What the reply commits in one transaction; the process stops before delivering it.
            var answered = await escalations.AnswerAsync(
                reference, version, CitizenHelperFactory.AdminEmail, ReplyText, () => ConversationDelivery.NewActivityId(conversationId), default);
            activityId = answered!.Value.Reply.ActivityId;

            using var console = await crashed.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
            var page = await console.GetStringAsync($"/staff/escalations/{reference}");
            Assert.Contains("đang chờ gửi · pending delivery", page, StringComparison.Ordinal);
            using var api = await crashed.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
            var pending = Assert.Single((await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("replies").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, pending.GetProperty("deliveredAt").ValueKind);
            using var chatBefore = crashed.ClientWith(citizenToken);
            Assert.DoesNotContain(await chatBefore.ActivitiesAsync(conversationId), a => a.GetProperty("id").GetString() == activityId);
        }

        using var restarted = new CitizenHelperFactory(database, [], ownsDatabase: false);
        using var chat = restarted.ClientWith(citizenToken);
        var activities = await Eventually.GetAsync(
            () => chat.ActivitiesAsync(conversationId), all => all.Any(a => a.GetProperty("id").GetString() == activityId), "the reply left pending");
        using var staff = await restarted.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var detail = await Eventually.GetAsync(
            () => staff.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}"),
            d => d.GetProperty("replies")[0].GetProperty("deliveredAt").ValueKind == JsonValueKind.String, "the reply marked delivered");

        Assert.Single(activities, a => Text(a) == ReplyText);
        Assert.Single(activities, a => a.TryGetProperty("name", out var name) && name.GetString() == "handoff.status");
        Assert.Single(await chat.ActivitiesAsync(conversationId), a => Text(a) == ReplyText);
        Assert.Equal("Answered", detail.GetProperty("escalation").GetProperty("status").GetString());
    }

    private static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var text) ? text.GetString() : null;
}
