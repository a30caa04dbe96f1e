using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitizenHelper.Web.Apis;

/// <summary>
/// Guided mode outside the chat: the printable, shareable checklist page of a session (<c>/guided/{token}</c>), and
/// for staff, where residents stand in their guides and where they stop (<c>/api/staff/guided</c>).
/// </summary>
public static partial class GuidedApi
{
    public static IEndpointRouteBuilder MapGuidedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/guided/{token}", ChecklistPage).WithTags("Guided").RequireRateLimiting(BotApi.RateLimit);
        app.MapGet("/api/staff/guided", Progress).WithTags("Staff").RequireAuthorization(StaffAccounts.StaffPolicy);
        app.MapGuidedPages();
        return app;
    }

    /// <summary>
    /// Where residents stand in their guides and where they stop, for the caller's centers (administrators: all);
    /// the console's filters: <c>procedure, state, from, to, days</c>.
    /// </summary>
    public static async Task<Results<Ok<GuidedPages.GuidedReport>, ProblemHttpResult>> Progress(
        HttpContext context, GuidedSessionStore store, KnowledgeProvider knowledge, LanguagePackProvider packs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (query, error) = GuidedPages.Parse(context.Request.Query, clock.GetUtcNow());
        if (query is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: error);
        }
        return TypedResults.Ok(await GuidedPages.ReportAsync(query, StaffAccounts.Scope(context.User), store, knowledge, packs, cancellationToken));
    }

    /// <summary>The checklist to keep: papers (ticked when the resident has them), where to go, the steps, the source.</summary>
    public static async Task<IResult> ChecklistPage(
        string token, IGuidedSessionStore sessions, GuidedFlow flow, LanguagePackProvider packs, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        if (!TokenShape().IsMatch(token) || await sessions.FindAsync(token, cancellationToken) is not { } session || flow.Script(session) is not { } script)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such checklist.");
        }
        var texts = packs.Current;
        string T(string key) => texts.Text(session.Language, key);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var procedure = script.Procedure;
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(E(script.TextLanguage)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(T("pageTitle"))).Append(" — ").Append(E(procedure.Title)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/kb.css\"></head><body><main>")
            .Append("<h1>").Append(E(procedure.Title)).Append("</h1>")
            .Append("<p>").Append(E(T("pagePrint"))).Append("</p>");
        if (script.Documents.Count > 0)
        {
            html.Append("<h2>").Append(E(T("checklistBring"))).Append("</h2><ul class=\"checklist\">");
            for (var i = 0; i < script.Documents.Count; i++)
            {
                var answer = i < session.Answers.Length ? session.Answers[i] : '.';
                if (answer == '-')
                {
                    continue;
                }
                var document = script.Documents[i];
                html.Append("<li>").Append(answer == 'y' ? "✔ " : "☐ ").Append(E(document.Title));
                if (document.Copies is not null)
                {
                    html.Append(" (").Append(E(document.Copies.TrimEnd('.'))).Append(')');
                }
                if (answer == 'n')
                {
                    html.Append(" — <strong>").Append(E(T("checklistMissing"))).Append("</strong>");
                }
                html.Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<h2>").Append(E(T("pageSteps"))).Append("</h2><ol>");
        foreach (var step in script.Steps)
        {
            html.Append("<li>").Append(E(string.Join(" ", step))).Append("</li>");
        }
        html.Append("</ol><h2>").Append(E(T("whereProcedure"))).Append("</h2><ul>");
        var unit = session.Unit is null ? null : knowledge.Current.Base.Units.FirstOrDefault(u => u.Name == session.Unit);
        if (unit is not null)
        {
            var unknown = T("unknown");
            html.Append("<li><strong>").Append(E(unit.Name)).Append(" (").Append(E(unit.Province)).Append(")</strong>: ")
                .Append(E(string.Format(CultureInfo.InvariantCulture, T("center"), unit.CenterName ?? unknown))).Append("; ")
                .Append(E(string.Format(CultureInfo.InvariantCulture, T("address"), unit.Address ?? unknown))).Append("; ")
                .Append(E(string.Format(CultureInfo.InvariantCulture, T("phone"), unit.Phone ?? unknown))).Append("</li>");
        }
        foreach (var line in script.Where)
        {
            html.Append("<li>").Append(E(line)).Append("</li>");
        }
        html.Append("</ul><p><a href=\"").Append(E(flow.ResumeLink(session))).Append("\">").Append(E(T("pageContinue"))).Append("</a></p>")
            .Append("<section class=\"meta\"><p>")
            .Append(E(string.Format(CultureInfo.InvariantCulture, T("source"), procedure.Title, procedure.Code, procedure.Verified).Replace(" [1]", "", StringComparison.Ordinal)))
            .Append(" <a href=\"").Append(E(procedure.PagePath)).Append("\">").Append(E(procedure.PagePath)).Append("</a></p></section>")
            .Append("</main></body></html>");
        return TypedResults.Content(html.ToString(), "text/html", Encoding.UTF8);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{16,32}$")]
    private static partial Regex TokenShape();
}
