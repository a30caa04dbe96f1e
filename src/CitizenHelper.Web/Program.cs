using CitizenHelper.Web.Apis;
using CitizenHelper.Web.Extensions;
using CitizenHelper.Web.Health;
using CitizenHelper.Web.Instances;
using CitizenHelper.Web.Staff;
using CitizenHelper.Web.Telemetry;
using CitizenHelper.Web.Zalo;

if (CitizenHelper.Web.KnowledgeCommand.Handles(args))
{
    return CitizenHelper.Web.KnowledgeCommand.Run(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddCitizenHelperOptions();
builder.AddCitizenHelperCore();
builder.AddDirectLine();
builder.AddStaffAccounts();
builder.AddZalo();
builder.AddCitizenHelperTelemetry();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

var app = builder.Build();
if (!app.ConfigurationIsValid(Console.Error))
{
    return 1;
}

app.UseKnownProxies();
app.UseStaffHttps();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseCors();
app.UseStaffBodyLimit();
app.UseAuthentication();
app.UseStaffSessions();
// After authentication, and a Direct Line post's token is checked first too: only an authenticated post spends its
// conversation's and address's budget; refused ones are counted apart.
app.UseRateLimiter();
app.UseSharedRateLimits();
app.UseAuthorization();

app.MapHealthChecks("/healthz", HealthResponse.Options);
app.MapHealthChecks("/healthz/ready", HealthResponse.Options);
app.MapHealthChecks("/healthz/live", HealthResponse.Liveness);
app.MapDirectLineApi();
app.MapBotApi();
app.MapStaffApi();
app.MapStaffConsole();
app.MapKnowledgeApi();
app.MapGuidedApi();
app.MapZalo();
app.MapZaloStaffApi();

app.Run();
return 0;

public partial class Program;
