using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// A local server speaking the OpenAI chat-completions protocol (POST /v1/chat/completions), so the LLM path is
/// tested without any real service. The reply is made by <see cref="Reply"/> from the prompt it received.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private FakeChatServer(WebApplication app) => _app = app;

    /// <summary>Makes the assistant's text from the user prompt; null answers HTTP 500.</summary>
    public Func<string, string?> Reply { get; set; } = prompt => prompt;

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public int Calls => _calls;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The server root, as an Azure OpenAI resource address.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatServer(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.CompleteAsync); // Azure OpenAI's path
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.Single() + "/v1");
        server.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>The ANSWER part of the rephrase prompt, as the model would see it.</summary>
    public static string AnswerIn(string prompt) => prompt[(prompt.IndexOf("ANSWER:", StringComparison.Ordinal) + "ANSWER:".Length)..].Trim();

    private async Task<IResult> CompleteAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _calls);
        var body = await JsonNode.ParseAsync(request.Body);
        var prompt = body!["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        await Task.Delay(Delay);
        var content = Reply(prompt);
        if (content is null)
        {
            return Results.StatusCode(500);
        }
        return Results.Json(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = body["model"]!.GetValue<string>(),
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
        }, new JsonSerializerOptions());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
