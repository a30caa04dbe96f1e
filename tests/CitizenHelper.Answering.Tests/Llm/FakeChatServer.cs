using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// A local server speaking the OpenAI chat-completions protocol (POST /v1/chat/completions), so the LLM path is
/// tested without any real service. The reply is made by <see cref="Reply"/> from the prompt it received.
/// </summary>
internal sealed class FakeChatServer : FakeModelServer
{
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeChatServer> StartAsync()
    {
        var server = new FakeChatServer();
        await server.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", server.CompleteAsync);
            app.MapPost("/openai/deployments/{deployment}/chat/completions", server.CompleteAsync); // Azure OpenAI's path
        });
        server.Endpoint = new Uri(server.BaseAddress, "v1");
        return server;
    }

    private async Task<IResult> CompleteAsync(HttpRequest request)
    {
        Called();
        var body = await JsonNode.ParseAsync(request.Body);
        var prompt = body!["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        await Task.Delay(Delay, request.HttpContext.RequestAborted);
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
}
