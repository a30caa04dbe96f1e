using System.Net;
using System.Net.Http.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// Posts are authenticated before they are counted: a post whose token may not use the conversation spends neither
/// that conversation's bound nor its address's, only the bound on refused posts per address.
/// </summary>
public sealed class DirectLineAuthenticationFirstTests : IDisposable
{
    private readonly CitizenHelperFactory _factory = new(new()
    {
        ["DirectLine:ActivitiesPerMinute"] = "5",
        ["DirectLine:ActivitiesPerAddressPerMinute"] = "12",
        ["DirectLine:RefusedPostsPerAddressPerMinute"] = "10",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task PostsWithoutAValidTokenDoNotLockACitizenOutOfTheirConversation()
    {
        var (conversationId, citizen, _) = await _factory.StartConversationAsync();
        var (_, otherConversation, _) = await _factory.StartConversationAsync();
        using var anonymous = _factory.CreateClient();
        using var forged = _factory.ClientWith("not-a-token-of-ours");
        var path = $"/v3/directline/conversations/{conversationId}/activities";

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var stranger in new[] { anonymous, forged, otherConversation })
            {
                refused.Add((await stranger.PostAsJsonAsync(path, new { type = "message", text = "junk" })).StatusCode);
            }
        }
        var own = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            own.Add((await citizen.PostAsJsonAsync(path, new { type = "message", text = $"câu hỏi {i}" })).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.OK, refused);
        Assert.All(own, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task RefusedPostsHaveTheirOwnBoundAndLeaveTheAddressBudgetAlone()
    {
        using var anonymous = _factory.CreateClient();
        var junk = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            junk.Add((await anonymous.PostAsJsonAsync($"/v3/directline/conversations/guessed-{i}/activities", new { type = "message", text = "junk" })).StatusCode);
        }
        // The same address (a commune's shared Wi-Fi): the citizens' own posts are still within its bound.
        var own = new List<HttpStatusCode>();
        for (var c = 0; c < 2; c++)
        {
            var (conversationId, citizen, _) = await _factory.StartConversationAsync();
            for (var i = 0; i < 5; i++)
            {
                own.Add((await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = $"câu hỏi {i}" })).StatusCode);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5)), junk);
        Assert.All(own, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
