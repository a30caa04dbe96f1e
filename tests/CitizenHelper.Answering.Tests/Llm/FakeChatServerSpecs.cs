using System.Text.RegularExpressions;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// What the specs of the LLM path share: a fresh OpenAI-compatible fake per test, and a stand-in translation into
/// Khmer that keeps each line's list marker and numbers and "translates" its words.
/// </summary>
public abstract partial class FakeChatServerSpecs : IAsyncLifetime
{
    private protected FakeChatServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeChatServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [GeneratedRegex(@"^(- |\d+\. )?(.*)$")]
    private static partial Regex Line();

    /// <summary>The prompt's ANSWER translated line by line: empty lines stay empty, the rest get "ខ្មែរ " after their marker.</summary>
    protected static string Translate(string prompt) => string.Join('\n', FakeChatServer.AnswerIn(prompt).Split('\n').Select(line =>
        line.Length == 0 ? line : Line().Replace(line, m => $"{m.Groups[1].Value}ខ្មែរ {m.Groups[2].Value}")));
}
