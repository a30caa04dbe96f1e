using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Qr.Photos;
using CitizenHelper.Web.Tests.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// The whole service in memory, on a fresh database of its own (a SQLite file, or PostgreSQL when
/// CITIZENHELPER_TEST_PROVIDER says so or a test asks for it), with a known secret and admin account.
/// </summary>
public sealed class CitizenHelperFactory : WebApplicationFactory<Program>
{
    public const string Secret = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    public const string AdminEmail = "admin@center.test";
    public const string AdminPassword = "Correct-Horse-Battery-9";
    private const string CompactAfterLoad = "Knowledge:CompactAfterLoad";
    private const string TrainRankerAfterLoad = "Knowledge:TrainRankerAfterLoad";

    private static readonly Lazy<string> OwnKnowledgeCache = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("citizenhelper-test-cache-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    });

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly Dictionary<string, string?> _settings;

    public CitizenHelperFactory()
        : this([])
    {
    }

    internal CitizenHelperFactory(Dictionary<string, string?> overrides)
        : this(TestDatabase.Create(TestDatabase.DefaultProvider), overrides)
    {
    }

    /// <summary>
    /// The service on <paramref name="database"/>, which it disposes unless <paramref name="ownsDatabase"/> is false
    /// (one instance after another on the same database: a restart).
    /// </summary>
    internal CitizenHelperFactory(TestDatabase database, Dictionary<string, string?> overrides, bool ownsDatabase = true)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _settings = new Dictionary<string, string?>(database.Settings())
        {
            ["DirectLine:Secret"] = Secret,
            ["DirectLine:AllowedOrigins:0"] = "http://widget.test",
            ["Staff:Admin:Email"] = AdminEmail,
            ["Staff:Admin:Password"] = AdminPassword,
            ["Dossiers:SeedPath"] = "seeds",
            // /api/messages in Emulator mode, as in Development; BotApiTests also check it is refused when off.
            ["Bot:AllowUnauthenticated"] = "true",
            // Tests sign in far more often than people do.
            ["Staff:SignInsPerMinute"] = "1000",
            // Hosts run side by side in one process: a blocking full collection after each load would stop them all.
            [CompactAfterLoad] = "false",
            // Trained by the question that needs it, in the few tests whose questions do (RankerWarmUpTests turn it on).
            [TrainRankerAfterLoad] = "false",
        };
        foreach (var (key, value) in overrides)
        {
            _settings[key] = value;
        }
        // A knowledge folder of the test's own is written and reloaded: what it trains is kept in one temporary cache
        // of this test process, not in the shared data/cache, where it would push out the bundled knowledge base's
        // entries. The cache is keyed by content, so the tests that start from the same copy train it once.
        if (_settings.TryGetValue("Knowledge:Path", out var knowledge) && knowledge is not null && !_settings.ContainsKey("Knowledge:CacheFolder"))
        {
            _settings["Knowledge:CacheFolder"] = OwnKnowledgeCache.Value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (!_settings.Keys.Any(k => k.StartsWith("Knowledge:", StringComparison.Ordinal) && k is not CompactAfterLoad and not TrainRankerAfterLoad))
        {
            builder.ConfigureTestServices(services => services.AddSingleton(BundledKnowledge.Provider));
        }
        // A photo's five-second deadline is the QR tests' subject (PhotoReaderTests); here a loaded machine must not
        // turn a readable photo into "no code".
        builder.ConfigureTestServices(services => services.AddSingleton(new PhotoReader(TimeSpan.FromMinutes(1))));
        // Each start seeds the administrator and the tests sign in a few hundred times: at the product's 100,000
        // rounds a password hash costs ~50 ms of CPU. How hashing is checked is the same at fewer rounds.
        builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    public HttpClient ClientWith(string bearer)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>Starts a conversation the way Web Chat does with a token; returns the conversation id and a client bound to it.</summary>
    public async Task<(string ConversationId, HttpClient Client, JsonElement Start)> StartConversationAsync()
    {
        using var secretClient = ClientWith(Secret);
        var generated = await (await secretClient.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<JsonElement>();
        var client = ClientWith(generated.GetProperty("token").GetString()!);
        var started = await client.PostAsync("/v3/directline/conversations", null);
        started.EnsureSuccessStatusCode();
        var start = await started.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", start.GetProperty("token").GetString());
        return (start.GetProperty("conversationId").GetString()!, client, start);
    }
}

internal static class Eventually
{
    /// <summary>Polls until the condition holds: the bot answers in the background, after the POST returned.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30); // a loaded CI machine starts hosts and answers slowly; polling ends as soon as it holds
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            await Task.Delay(50);
        }
    }
}
