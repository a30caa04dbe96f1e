using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>A null where an activity's array holds objects is bad input: a 400 problem, never a turn that fails.</summary>
public sealed class ActivityNullElementTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    [Theory]
    [InlineData("""{"type":"message","text":"xin chào","attachments":[null]}""", "attachments")]
    [InlineData("""{"type":"message","text":"xin chào","attachments":[{"contentType":"image/png"},null]}""", "attachments")]
    [InlineData("""{"type":"message","text":"xin chào","entities":[null]}""", "entities")]
    [InlineData("""{"type":"conversationUpdate","membersAdded":[null]}""", "membersAdded")]
    [InlineData("""{"type":"conversationUpdate","membersRemoved":[null]}""", "membersRemoved")]
    [InlineData("""{"type":"message","text":"xin chào","suggestedActions":{"actions":[null]}}""", "suggestedActions.actions")]
    public async Task ANullInAnActivitysArrayIsA400ProblemNamingIt(string activity, string property)
    {
        var (conversationId, client, _) = await factory.StartConversationAsync();

        using var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/activities", new StringContent(activity, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("BadArgument", problem.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains($"'{property}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Nothing was stored, so no turn ran: the conversation still holds only the bot's own activities.
        Assert.DoesNotContain(await client.ActivitiesAsync(conversationId), a => a.GetProperty("from").GetProperty("role").GetString() == "user");
    }

    [Fact]
    public async Task ANullAttachmentThroughTheBotEndpointIsA400Problem()
    {
        using var client = factory.CreateClient();
        const string activity = """
            {"type":"message","id":"n-1","serviceUrl":"http://localhost:1","channelId":"emulator","from":{"id":"user-1"},
             "recipient":{"id":"bot-1"},"conversation":{"id":"null-attachment-conv"},"text":"xin chào","attachments":[null]}
            """;

        using var response = await client.PostAsync("/api/messages", new StringContent(activity, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'attachments'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
