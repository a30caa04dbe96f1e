using System.Globalization;
using System.Text.Json;
using CitizenHelper.Storage.Zalo;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Zalo;

/// <summary>Zalo refused the token refresh (the refresh token expired, or was used already): the OA must be authorised again.</summary>
public sealed class ZaloTokenException(string message) : Exception(message)
{
    public ZaloTokenException()
        : this("The Zalo token could not be refreshed.")
    {
    }

    public ZaloTokenException(string message, Exception inner)
        : this(message + " " + inner.Message)
    {
    }
}

/// <summary>
/// The OA access token. Zalo's access token lives about 25 hours and its refresh token is good for one use: each
/// refresh (POST /v4/oa/access_token on the OAuth server, app id, grant_type=refresh_token and the refresh token as a
/// form, the app secret in a <c>secret_key</c> header) returns a new pair. The new pair is written to the database,
/// protected with ASP.NET Data Protection, before it is used, so a restart continues with the rotated refresh token.
/// One refresh at a time: two at once would spend the same refresh token twice.
/// </summary>
public sealed class ZaloTokens(
    ZaloStore store, IHttpClientFactory clients, IDataProtectionProvider protection, IOptions<ZaloOptions> options, TimeProvider clock, ILogger<ZaloTokens> logger) : IDisposable
{
    public const string HttpClientName = "zalo-oauth";
    /// <summary>What the tokens are protected for (Data Protection purpose).</summary>
    public const string ProtectionPurpose = "CitizenHelper.Zalo.Tokens";
    private readonly IDataProtector _protector = protection.CreateProtector(ProtectionPurpose);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private (string AccessToken, DateTimeOffset ExpiresAt)? _current;

    public void Dispose() => _refreshing.Dispose();

    /// <summary>A usable access token, refreshed first when it expires within Zalo:RefreshBefore.</summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && current.ExpiresAt - clock.GetUtcNow() > options.Value.RefreshBefore)
        {
            return current.AccessToken;
        }
        return await RefreshAsync(stale: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refreshes the token unless it is fresh already; with <paramref name="stale"/> (a token Zalo refused), only if it
    /// is still the current one, so several sends refused at once refresh once.
    /// </summary>
    public async Task<string> RefreshAsync(string? stale, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            var stored = await store.TokenAsync(cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                var token = _protector.Unprotect(stored.ProtectedAccessToken);
                _current = (token, stored.AccessTokenExpiresAt);
                var refused = stale is not null && stale == token;
                if (!refused && stored.AccessTokenExpiresAt - now > options.Value.RefreshBefore)
                {
                    return token;
                }
            }
            var refreshToken = stored is not null ? _protector.Unprotect(stored.ProtectedRefreshToken) : options.Value.InitialRefreshToken;
            if (refreshToken.Length == 0)
            {
                throw new ZaloTokenException("No Zalo refresh token: set Zalo:InitialRefreshToken to the one from the OA's authorisation.");
            }
            // Not cancelled by a stop once asked (the client's timeout bounds it): Zalo spends the refresh token as it
            // answers, so a stop between its answer and the save below would lose the new one and the OA's authorisation.
            var (accessToken, newRefreshToken, lifetime) = await CallRefreshAsync(refreshToken).ConfigureAwait(false);
            var expiresAt = now + lifetime;
            await store.SaveTokenAsync(new ZaloTokenRecord
            {
                ProtectedAccessToken = _protector.Protect(accessToken),
                ProtectedRefreshToken = _protector.Protect(newRefreshToken),
                AccessTokenExpiresAt = expiresAt,
                UpdatedAt = now,
            }, CancellationToken.None).ConfigureAwait(false);
            _current = (accessToken, expiresAt);
            logger.LogInformation("Zalo access token refreshed; it expires at {ExpiresAt}", expiresAt);
            return accessToken;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<(string AccessToken, string RefreshToken, TimeSpan Lifetime)> CallRefreshAsync(string refreshToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.OAuthBaseUrl, "/v4/oa/access_token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["app_id"] = settings.AppId,
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }),
        };
        request.Headers.Add("secret_key", settings.AppSecret);
        JsonElement body;
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request).ConfigureAwait(false);
            body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            throw new HttpRequestException("The Zalo OAuth server could not be reached or answered no JSON.", e);
        }
        if (body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("access_token", out var access) && access.ValueKind == JsonValueKind.String
            && body.TryGetProperty("refresh_token", out var refresh) && refresh.ValueKind == JsonValueKind.String)
        {
            var seconds = body.TryGetProperty("expires_in", out var e) && (e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.GetString()) is { } text
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 3600;
            return (access.GetString()!, refresh.GetString()!, TimeSpan.FromSeconds(Math.Min(seconds, 90 * 24 * 3600)));
        }
        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) ? error.ToString() : "?";
        logger.LogError("Zalo refused the token refresh (error {Error}): the OA must be authorised again and Zalo:InitialRefreshToken set to the new refresh token", code);
        throw new ZaloTokenException($"Zalo refused the token refresh (error {code}).");
    }
}

/// <summary>Refreshes the access token ahead of its expiry, so a message never waits for a refresh.</summary>
public sealed class ZaloTokenKeeper(ZaloTokens tokens, TimeProvider clock, ILogger<ZaloTokenKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await tokens.AccessTokenAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ZaloTokenException or HttpRequestException)
            {
                logger.LogWarning("Zalo token refresh failed: {Reason}; trying again in a minute", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
