using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Qr.Lookup;
using CitizenHelper.Qr.Tests.Support;

namespace CitizenHelper.Web.Tests;

/// <summary>Photos sent into the chat: the QR code in them is read on the server and answered like typed text.</summary>
public sealed class PhotoChatTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string BoardCode = "https://tro-ly.example.gov.vn/?p=1.001193&mode=guided&lang=vi";

    [Fact]
    public async Task PhotoOfABoardCodeOpensItsProcedure()
    {
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(BoardCode, new PhotoShape(160, 15, 1.2, 10)));

        var (reply, _) = await UploadAsync(photo, "board.jpg", "image/jpeg");

        var data = reply.GetProperty("channelData").GetProperty("citizenHelper");
        Assert.Equal("answered", data.GetProperty("outcome").GetString());
        Assert.Equal("1.001193", data.GetProperty("procedure").GetString());
    }

    [Fact]
    public async Task PhotoOfAReceiptGetsTheDossierStatus()
    {
        var photo = TestImages.Png(SyntheticPhoto.Render("000.00.00.M01-261118-0002", new PhotoShape(140, -15, 1.0, 10)));

        var (reply, _) = await UploadAsync(photo, "receipt.png", "image/png");

        Assert.Contains("25/11/2026", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhotoWithoutACodeGetsAClearReplyAndGoesToStaffAsQrUnreadable()
    {
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(new PhotoShape(160, 15, 1.2, 10)));

        var (reply, _) = await UploadAsync(photo, "blurry.jpg", "image/jpeg");

        Assert.StartsWith(ScanTexts.Vietnamese.PhotoNoCode, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        var reference = reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString();
        using var staff = await SignedInAsync();
        var escalations = await staff.GetFromJsonAsync<JsonElement>("/api/staff/escalations");
        var recorded = escalations.EnumerateArray().Single(e => e.GetProperty("reference").GetString() == reference);
        Assert.Equal("QrUnreadable", recorded.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PhotoWithSeveralCodesIsNotGuessed()
    {
        var photo = TestImages.Png(SyntheticPhoto.Render(new PhotoShape(180, 10, 0.8, 8), ("1.001193", 400, 600), ("2.000815", 1200, 500)));

        var (reply, _) = await UploadAsync(photo, "board.png", "image/png");

        Assert.StartsWith(ScanTexts.Vietnamese.PhotoSeveralCodes, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("escalated", reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task DecompressionBombGetsAClearReplyAndTheServiceAnswersTheNextQuestion()
    {
        var (reply, (conversationId, client)) = await UploadAsync(TestImages.PngBomb(20_000), "bomb.png", "image/png");

        Assert.Equal(ScanTexts.Vietnamese.PhotoTooLarge, reply.GetProperty("text").GetString());
        var next = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "1.001193" });
        var id = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var answer = await ReplyToAsync(client, conversationId, id);
        Assert.Equal("answered", answer.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task WebPPhotoIsSaidToBeUnsupported()
    {
        // A whole 1×1 lossless WebP: uploads are accepted only whole, and the server reads no WebP.
        var webp = Convert.FromBase64String("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

        var (reply, _) = await UploadAsync(webp, "photo.webp", "image/webp");

        Assert.Equal(ScanTexts.Vietnamese.PhotoUnsupported, reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ChannelAttachmentInlineIsReadToo()
    {
        await using var channel = await FakeChannel.StartAsync();
        using var client = factory.CreateClient();
        var code = TestImages.Png(SyntheticPhoto.Clean("1.001193", 3));

        var response = await client.PostAsJsonAsync("/api/messages", new
        {
            type = "message",
            id = "photo-1",
            serviceUrl = channel.BaseUrl,
            channelId = "emulator",
            from = new { id = "user-1", role = "user" },
            recipient = new { id = "bot-1", role = "bot" },
            conversation = new { id = "emulator-photo-1" },
            attachments = new[] { new { contentType = "image/png", contentUrl = "data:image/png;base64," + Convert.ToBase64String(code), name = "qr.png" } },
            locale = "vi-VN",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, _, reply) = Assert.Single(channel.Replies);
        Assert.Equal("1.001193", reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("procedure").GetString());
    }

    private async Task<(JsonElement Reply, (string ConversationId, HttpClient Client) Conversation)> UploadAsync(byte[] content, string name, string type)
    {
        var (conversationId, client, _) = await factory.StartConversationAsync();
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(part, "file", name);
        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload?userId=citizen-1", form);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        return (await ReplyToAsync(client, conversationId, id), (conversationId, client));
    }

    private static async Task<JsonElement> ReplyToAsync(HttpClient client, string conversationId, string? id)
    {
        var activities = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities")).GetProperty("activities").EnumerateArray().ToList(),
            a => a.Any(x => IsReply(x, id)), "the reply");
        return activities.Last(x => IsReply(x, id));
    }

    private static bool IsReply(JsonElement activity, string? id) =>
        activity.GetProperty("type").GetString() == "message" && activity.TryGetProperty("replyToId", out var r) && r.GetString() == id;

    private async Task<HttpClient> SignedInAsync()
    {
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = CitizenHelperFactory.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
