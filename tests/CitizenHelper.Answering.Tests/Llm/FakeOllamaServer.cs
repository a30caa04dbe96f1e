using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// A local server speaking Ollama's chat API (POST /api/chat): one JSON object when the request says
/// <c>"stream": false</c>, else newline-delimited JSON chunks ending with <c>"done": true</c> (Ollama streams by
/// default). The reply is made by <see cref="Reply"/> from the last user message; null answers HTTP 500.
/// </summary>
internal sealed class FakeOllamaServer : FakeModelServer
{
    private int _streamedCalls;

    /// <summary>HTTP status to answer with instead of a reply (e.g. 429), when set.</summary>
    public int? FailWith { get; set; }

    public int StreamedCalls => _streamedCalls;

    public static async Task<FakeOllamaServer> StartAsync()
    {
        var server = new FakeOllamaServer();
        await server.StartAsync(app => app.MapPost("/api/chat", server.ChatAsync));
        return server;
    }

    private async Task ChatAsync(HttpContext http)
    {
        Called();
        var body = await JsonNode.ParseAsync(http.Request.Body) ?? throw new InvalidOperationException("The request has no JSON body.");
        var model = body["model"]?.GetValue<string>() ?? throw new InvalidOperationException("Ollama requires \"model\".");
        var prompt = body["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.GetValue<string>();
        var stream = body["stream"]?.GetValue<bool>() ?? true;
        await Task.Delay(Delay, http.RequestAborted);
        var content = FailWith is null ? Reply(prompt) : null;
        if (content is null)
        {
            http.Response.StatusCode = FailWith ?? 500;
            await http.Response.WriteAsJsonAsync(new { error = "the fake model failed" });
            return;
        }
        if (!stream)
        {
            await http.Response.WriteAsJsonAsync(Chunk(model, content, done: true));
            return;
        }

        Interlocked.Increment(ref _streamedCalls);
        http.Response.ContentType = "application/x-ndjson";
        // A few words per chunk, as a model would produce them.
        var words = content.Split(' ');
        for (var i = 0; i < words.Length; i += 3)
        {
            var piece = string.Join(' ', words.Skip(i).Take(3)) + (i + 3 < words.Length ? " " : "");
            await http.Response.WriteAsync(JsonSerializer.Serialize(Chunk(model, piece, done: false)) + "\n");
            await http.Response.Body.FlushAsync();
        }
        await http.Response.WriteAsync(JsonSerializer.Serialize(Chunk(model, "", done: true)) + "\n");
    }

    private static Dictionary<string, object> Chunk(string model, string content, bool done)
    {
        var chunk = new Dictionary<string, object>
        {
            ["model"] = model,
            ["created_at"] = "2026-11-23T10:00:00Z",
            ["message"] = new { role = "assistant", content },
            ["done"] = done,
        };
        if (done)
        {
            chunk["done_reason"] = "stop";
            chunk["total_duration"] = 1_000_000;
            chunk["prompt_eval_count"] = 1;
            chunk["eval_count"] = 1;
        }
        return chunk;
    }
}
