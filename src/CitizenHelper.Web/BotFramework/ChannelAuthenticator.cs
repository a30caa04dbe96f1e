using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace CitizenHelper.Web.BotFramework;

/// <summary>The result of checking a channel's request: allowed, or refused with the status to answer.</summary>
public sealed record ChannelAuthResult(bool Allowed, int Status, string? Reason)
{
    public static ChannelAuthResult Allow { get; } = new(true, StatusCodes.Status200OK, null);
}

/// <summary>
/// Checks the JWT a Bot Framework channel sends with each activity: issuer, audience (our App ID), RS256 signature
/// from the keys the OpenID metadata publishes (refreshed at least daily), 5 minutes of clock skew, and a
/// <c>serviceurl</c> claim equal to the activity's service URL. Without an App ID (Emulator mode) nothing is checked.
/// </summary>
public sealed class ChannelAuthenticator
{
    private readonly BotOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public ChannelAuthenticator(IOptions<BotOptions> options, IHttpClientFactory httpClients)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options.Value;
        if (_options.Authenticated)
        {
            var retriever = new HttpDocumentRetriever(httpClients.CreateClient(nameof(ChannelAuthenticator)))
            {
                RequireHttps = new Uri(_options.OpenIdMetadataUrl).Scheme == Uri.UriSchemeHttps && !new Uri(_options.OpenIdMetadataUrl).IsLoopback,
            };
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(_options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), retriever)
            {
                AutomaticRefreshInterval = TimeSpan.FromHours(24),
            };
        }
    }

    public async Task<ChannelAuthResult> AuthenticateAsync(HttpRequest request, string? serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_metadata is null)
        {
            return ChannelAuthResult.Allow;
        }
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new ChannelAuthResult(false, StatusCodes.Status401Unauthorized, "A Bearer token from the channel is required.");
        }
        var configuration = await _metadata.GetConfigurationAsync(cancellationToken);
        var result = await _handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
        if (!result.IsValid)
        {
            return new ChannelAuthResult(false, StatusCodes.Status401Unauthorized, "The channel's token is not valid.");
        }
        var claimed = result.Claims.TryGetValue("serviceurl", out var value) ? value as string : null;
        if (claimed is null || serviceUrl is null || !string.Equals(claimed.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return new ChannelAuthResult(false, StatusCodes.Status403Forbidden, "The token was not issued for this service URL.");
        }
        return ChannelAuthResult.Allow;
    }
}
