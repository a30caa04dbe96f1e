using System.Globalization;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff.Components;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Where residents get stuck in guided mode (<c>/staff/guided</c>, and the same figures as JSON at
/// <c>/api/staff/guided</c>): per procedure, the places guides are most often left at, then each session — how far it
/// got, which papers the resident does not have yet, when it last moved, their rating and escalation. Staff see the
/// sessions of their centers, administrators all.
/// </summary>
public static class GuidedPages
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    private const int MaxFilterLength = 32;

    public static IEndpointRouteBuilder MapGuidedPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/guided", List).RequireAuthorization(StaffAccounts.StaffPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// <c>procedure, state (stuck|finished), from, to (yyyy-MM-dd), days</c> (without <c>from</c>, the last
    /// <c>days</c> days, 30 by default). Returns the query, or a message naming the filter that is wrong.
    /// </summary>
    public static (GuidedSessionQuery? Query, string? Error) Parse(IQueryCollection values, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        var filters = new QueryFilterReader(values);
        if (filters.TooLong(MaxFilterLength, "procedure", "state", "from", "to", "days") is { } tooLong)
        {
            return (null, tooLong);
        }
        if (filters.Choice<GuidedSessionState>("state", "stuck or finished", out var state) is { } badState)
        {
            return (null, badState);
        }
        if (filters.Dates(out var from, out var to) is { } badDate)
        {
            return (null, badDate);
        }
        var days = DefaultDays;
        if (filters.Text("days") is { } daysText && (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays))
        {
            return (null, $"'days' must be between 1 and {MaxDays}.");
        }
        from ??= VietnamTime.DateOf(now).AddDays(1 - days);
        return (new GuidedSessionQuery { Procedure = filters.Text("procedure"), State = state, From = from, To = to }, null);
    }

    /// <summary>One session as staff read it.</summary>
    public sealed record SessionRow(
        string ConversationId, string? Procedure, string? ProcedureTitle, string Language, string Position, string Place, bool Stopped, bool Done,
        IReadOnlyList<string> Missing, int HelpRequests, string? Center, bool? Helpful, string? Escalation, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

    /// <summary>Unfinished guides counted by the place they were left at: where the text or the procedure is hard.</summary>
    public sealed record StopPoint(string? Procedure, string Position, string Place, int Sessions, int HelpRequests);

    /// <summary>One procedure's guides: how many started and finished, and where the unfinished ones stopped, most often first.</summary>
    public sealed record ProcedureStops(string? Procedure, string? Title, int Started, int Finished, int Helpful, int NotHelpful, IReadOnlyList<StopPoint> Stops);

    public sealed record GuidedReport(DateOnly? From, DateOnly? To, int Started, int Finished, IReadOnlyList<ProcedureStops> Procedures, IReadOnlyList<SessionRow> Sessions)
    {
        /// <summary>Every procedure's stop points together, most often first.</summary>
        public IReadOnlyList<StopPoint> Stuck => [.. Procedures.SelectMany(p => p.Stops).OrderByDescending(s => s.Sessions).ThenByDescending(s => s.HelpRequests)];
    }

    /// <summary>The sessions the user may see, with the per-procedure stop points, described from the Vietnamese script.</summary>
    public static async Task<GuidedReport> ReportAsync(
        GuidedSessionQuery query, StaffScope scope, GuidedSessionStore store, KnowledgeProvider knowledge, LanguagePackProvider packs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var views = await store.ListAsync(query, scope, cancellationToken);
        var scripts = new Dictionary<string, GuidedScript?>(StringComparer.Ordinal);
        GuidedScript? Script(string? code) => code is null ? null
            : scripts.TryGetValue(code, out var known) ? known
            : scripts[code] = GuidedScript.For(knowledge.Current.Base, packs.Current, code, LanguagePacks.Fallback);
        var rows = views.Select(v =>
        {
            var r = v.Record;
            var script = Script(r.ProcedureCode);
            var session = GuidedSessionStore.Session(r);
            IReadOnlyList<string> missing = script is null || session is null ? [] : [.. session.Missing.Where(i => i < script.Documents.Count).Select(i => script.Documents[i].Title)];
            return new SessionRow(r.ConversationId, r.ProcedureCode, script?.Procedure.Title, r.Language, r.Position, Place(r.Position, script), r.Stopped, r.Done,
                missing, r.HelpRequests, r.Center, v.Helpful, v.EscalationReference, r.StartedAt, r.UpdatedAt);
        }).ToList();
        // The figures per procedure count every matching session in the database, not only the listed ones.
        var totals = await store.TotalsAsync(query, scope, cancellationToken);
        var procedures = totals.Places.GroupBy(p => p.ProcedureCode)
            .Select(g => new ProcedureStops(
                g.Key,
                Script(g.Key)?.Procedure.Title,
                g.Sum(p => p.Sessions),
                g.Where(p => p.Done).Sum(p => p.Sessions),
                totals.Ratings.Where(r => r.ProcedureCode == g.Key && r.Helpful).Sum(r => r.Count),
                totals.Ratings.Where(r => r.ProcedureCode == g.Key && !r.Helpful).Sum(r => r.Count),
                [.. g.Where(p => !p.Done)
                    .Select(p => new StopPoint(g.Key, p.Position, Place(p.Position, Script(g.Key)), p.Sessions, p.HelpRequests))
                    .OrderByDescending(p => p.Sessions).ThenByDescending(p => p.HelpRequests).ThenBy(p => p.Position, StringComparer.Ordinal)]))
            .OrderByDescending(p => p.Started - p.Finished).ThenByDescending(p => p.Started).ThenBy(p => p.Procedure, StringComparer.Ordinal)
            .ToList();
        return new GuidedReport(query.From, query.To, procedures.Sum(p => p.Started), procedures.Sum(p => p.Finished), procedures, rows);
    }

    /// <summary>"steps:2" → "Bước 3/5 · Step 3 of 5: first words of the step".</summary>
    public static string Place(string position, GuidedScript? script)
    {
        ArgumentNullException.ThrowIfNull(position);
        var parts = position.Split(':');
        var index = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
        static string Short(string text) => text.Length <= 60 ? text : text[..59] + "…";
        return parts[0] switch
        {
            "documents" when script is not null && index >= 0 && index < script.Documents.Count =>
                string.Create(CultureInfo.InvariantCulture, $"Giấy tờ {index + 1}/{script.Documents.Count} · Paper {index + 1} of {script.Documents.Count}: {Short(script.Documents[index].Title)}"),
            "documents" => string.Create(CultureInfo.InvariantCulture, $"Giấy tờ {index + 1} · Paper {index + 1}"),
            "steps" when script is not null && index >= 0 && index < script.Steps.Count =>
                string.Create(CultureInfo.InvariantCulture, $"Bước {index + 1}/{script.Steps.Count} · Step {index + 1} of {script.Steps.Count}: {Short(script.Steps[index][0])}"),
            "steps" => string.Create(CultureInfo.InvariantCulture, $"Bước {index + 1} · Step {index + 1}"),
            "missing" => "Giấy tờ còn thiếu · What is missing",
            "where" => "Nơi nộp · Where to go",
            "choosing" => "Đang chọn thủ tục · Choosing the procedure",
            "done" => "Đã xong · Finished",
            _ => position,
        };
    }

    public static async Task<IResult> List(
        HttpContext context, GuidedSessionStore store, KnowledgeProvider knowledge, LanguagePackProvider packs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (query, error) = Parse(context.Request.Query, clock.GetUtcNow());
        if (query is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, error!, "/staff/guided");
        }
        var report = await ReportAsync(query, StaffAccounts.Scope(context.User), store, knowledge, packs, cancellationToken);
        return ConsoleView.Page<GuidedPage>(context, new { Report = report, context.Request.Query, QueryText = context.Request.QueryString.Value, query.Take });
    }
}
