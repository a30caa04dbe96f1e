using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// What the fake LLM servers share: a quiet local server on a free port, the reply made by <see cref="Reply"/>
/// from the prompt received (null answers HTTP 500), an optional delay and a count of calls.
/// </summary>
internal abstract class FakeModelServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _calls;

    /// <summary>Makes the assistant's text from the user prompt; null answers HTTP 500.</summary>
    public Func<string, string?> Reply { get; set; } = prompt => prompt;

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public int Calls => _calls;

    /// <summary>The server root (http://127.0.0.1:PORT).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The ANSWER part of the rephrase or translation prompt, as the model would see it.</summary>
    public static string AnswerIn(string prompt) => prompt[(prompt.IndexOf("ANSWER:", StringComparison.Ordinal) + "ANSWER:".Length)..].Trim();

    protected async Task StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        map(_app);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
    }

    protected void Called() => Interlocked.Increment(ref _calls);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
