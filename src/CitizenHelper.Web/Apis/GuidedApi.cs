using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Understanding;
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

    /// <summary>
    /// The checklist to keep: papers (ticked when the resident has them), where to go, the steps, the source. In a
    /// language without its own texts it is machine-translated when an LLM is configured (marked, with a link to the
    /// Vietnamese, <c>?original=true</c>), else shown in Vietnamese with a note saying so. With script, <c>checklist.js</c>
    /// turns the papers into boxes the resident ticks, keeps the ticks on the device, and adds print, share, and save as
    /// an image or PDF.
    /// </summary>
    public static async Task<IResult> ChecklistPage(
        string token, bool? original, IGuidedSessionStore sessions, GuidedFlow flow, LanguagePackProvider packs, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        if (!TokenShape().IsMatch(token) || await sessions.FindAsync(token, cancellationToken) is not { } session || flow.Script(session) is not { } script)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such checklist.");
        }
        string T(string key) => packs.Current.Text(session.Language, key);
        static string E(string text) => WebUtility.HtmlEncode(text);
        // Every text a reader reads is kept aside and written as a placeholder, so the page can be translated in one go.
        var texts = new List<string>();
        string X(string text)
        {
            texts.Add(text.ReplaceLineEndings(" "));
            return string.Create(CultureInfo.InvariantCulture, $"@@T{texts.Count - 1}@@");
        }
        var procedure = script.Procedure;
        // checklist.js's buttons and messages, in the page's language: a province's pack or the machine translation
        // names them as it names the rest of the page (the script knows only Vietnamese and English).
        var keep = new StringBuilder();
        foreach (var (attribute, key) in KeepLabels)
        {
            keep.Append(" data-").Append(attribute).Append("=\"").Append(X(T(key))).Append('"');
        }
        var body = new StringBuilder()
            .Append("<h1>").Append(X(procedure.Title)).Append("</h1>")
            .Append("<p>").Append(X(T("pagePrint"))).Append("</p>");
        if (script.Documents.Count > 0)
        {
            body.Append("<h2>").Append(X(T("checklistBring"))).Append("</h2><ul class=\"checklist\">");
            for (var i = 0; i < script.Documents.Count; i++)
            {
                var answer = i < session.Answers.Length ? session.Answers[i] : '.';
                if (answer == '-')
                {
                    continue;
                }
                var document = script.Documents[i];
                body.Append("<li data-paper=\"").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(answer == 'y' ? "✔ " : "☐ ")
                    .Append(X(document.Copies is null ? document.Title : $"{document.Title} ({document.Copies.TrimEnd('.')})"));
                if (answer == 'n')
                {
                    body.Append(" — <strong>").Append(X(T("checklistMissing"))).Append("</strong>");
                }
                body.Append("</li>");
            }
            body.Append("</ul>");
        }
        body.Append("<h2>").Append(X(T("pageSteps"))).Append("</h2><ol>");
        foreach (var step in script.Steps)
        {
            body.Append("<li>").Append(X(string.Join(" ", step))).Append("</li>");
        }
        body.Append("</ol><h2>").Append(X(T("whereProcedure"))).Append("</h2><ul>");
        var unit = knowledge.Current.Base.UnitDirectory.Resolve(session.Unit);
        if (unit is not null)
        {
            var unknown = T("unknown");
            body.Append("<li><strong>").Append(E(unit.Name)).Append(" (").Append(E(unit.Province)).Append(")</strong>: ")
                .Append(X(string.Format(CultureInfo.InvariantCulture, T("center"), unit.CenterName ?? unknown))).Append("; ")
                .Append(X(string.Format(CultureInfo.InvariantCulture, T("address"), unit.Address ?? unknown))).Append("; ")
                .Append(X(string.Format(CultureInfo.InvariantCulture, T("phone"), unit.Phone ?? unknown))).Append("</li>");
        }
        foreach (var line in script.Where)
        {
            body.Append("<li>").Append(X(line)).Append("</li>");
        }
        body.Append("</ul><p class=\"continue\"><a href=\"").Append(E(flow.ResumeLink(session))).Append("\">").Append(X(T("pageContinue"))).Append("</a></p>")
            .Append("<section class=\"meta\"><p>")
            .Append(X(string.Format(CultureInfo.InvariantCulture, T("source"), procedure.Title, procedure.Code, procedure.Verified).Replace(" [1]", "", StringComparison.Ordinal)))
            .Append(" <a href=\"").Append(E(procedure.PagePath)).Append("\">").Append(E(procedure.PagePath)).Append("</a></p></section>");
        var title = $"{T("pageTitle")} — {procedure.Title}";

        var language = script.TextLanguage;
        var note = "";
        if (original != true && flow.NeedsTranslation(session, script)
            && await flow.TranslateAsync([.. texts, title], session.Language, cancellationToken) is { } translated)
        {
            texts = [.. translated.Take(texts.Count)];
            title = translated[^1];
            language = session.Language;
            note = $"<p class=\"machine\"><em>{E(GuidedFlow.MachineTranslatedNote(session.Language))}</em> "
                + $"<a href=\"/guided/{E(token)}?original=true\" lang=\"vi\">{E(GuidedFlow.ShowOriginalTitle)}</a></p>";
        }
        else if (script.FellBack)
        {
            note = $"<p class=\"machine\">{E(string.Format(CultureInfo.InvariantCulture, T("fallbackNote"), packs.Current.Find(session.Language)?.Name ?? Languages.Name(session.Language, LanguagePacks.Fallback)))}</p>";
        }
        string Fill(string html) => Placeholder().Replace(html, m => E(texts[int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)]));
        var page = Fill(body.ToString());
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(E(language)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(title)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/kb.css\"></head><body><main").Append(Fill(keep.ToString())).Append('>')
            .Append(note).Append(page)
            .Append("</main><script src=\"/checklist.js\" defer></script></body></html>");
        return TypedResults.Content(html.ToString(), "text/html", Encoding.UTF8);
    }

    // checklist.js reads main.dataset: data-keep-print is dataset.keepPrint.
    private static readonly (string Attribute, string Key)[] KeepLabels =
    [
        ("keep-actions", "keepActions"), ("keep-print", "keepPrint"), ("keep-share", "keepShare"), ("keep-image", "keepImage"),
        ("keep-pdf", "keepPdf"), ("keep-copied", "keepCopied"), ("keep-copy-this", "keepCopyThis"), ("keep-pdf-hint", "keepPdfHint"),
        ("keep-image-saved", "keepImageSaved"), ("keep-failed", "keepFailed"),
    ];

    [GeneratedRegex(@"@@T(\d+)@@")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z0-9_-]{16,32}$")]
    private static partial Regex TokenShape();
}
