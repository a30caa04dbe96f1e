using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Import;
using CitizenHelper.Storage;

namespace CitizenHelper.Staff;

/// <summary>A document of a pending change as it is and as the change would make it.</summary>
public sealed record PortalDocumentChange(string Path, string Current, string Proposed, bool Writes);

/// <summary>How a decision went.</summary>
public enum PortalDecisionKind
{
    /// <summary>Decided and kept (an approval's documents written and served).</summary>
    Decided,

    /// <summary>No undecided change with that code and version: decided already, or replaced by a newer import.</summary>
    AlreadyDecided,

    /// <summary>The change's newer record is no longer in the pending folder.</summary>
    RecordGone,

    /// <summary>The change cannot be approved from here (a removed procedure).</summary>
    NotAllowed,

    /// <summary>The regenerated documents do not pass the knowledge checks.</summary>
    Invalid,
}

/// <summary>How a decision went, and why not when it was refused.</summary>
public sealed record PortalDecisionOutcome(PortalDecisionKind Kind, IReadOnlyList<string> Problems)
{
    public static readonly PortalDecisionOutcome Done = new(PortalDecisionKind.Decided, []);
}

/// <summary>
/// The administrators' review of the changes <c>kb import-portal</c> found (<see cref="PortalPending"/>). Approving a
/// change of a generated document (or an added procedure) regenerates its Vietnamese and English documents from the
/// newer record with the same additions, writes them through <see cref="KnowledgeDrafting"/> (checked, atomic, reloaded)
/// and puts the newer record in the bundled baseline. A hand-written document is never rewritten: approving accepts the
/// record only, and staff correct the document with a knowledge draft. A removed procedure is only noted. Every
/// decision is kept with its version (a decided or superseded change is refused) and audited.
/// </summary>
public sealed class PortalReview(KnowledgeProvider knowledge, KnowledgeDrafting drafting, EscalationStore audit, TimeProvider clock, ILogger<PortalReview> logger) : IDisposable
{
    private readonly SemaphoreSlim _deciding = new(1, 1);

    public void Dispose() => _deciding.Dispose();

    private PortalPending Pending => new(knowledge.Root);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The last import's report and the decisions taken so far.</summary>
    public (PortalChangeReport? Report, IReadOnlyDictionary<(string Code, string Version), PortalDecision> Decisions) Current()
    {
        var pending = Pending;
        return (pending.Report(), pending.Decisions());
    }

    /// <summary>
    /// The documents of a change: for a generated document (or none yet) as it is and as regenerated from the newer
    /// record; for a hand-written one, what the record's change means (generated from the old record and from the newer),
    /// which is not written. A removed procedure has none.
    /// </summary>
    public IReadOnlyList<PortalDocumentChange> Documents(PortalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind == PortalChange.Removed || Pending.NewRecord(change.Code) is not { } now)
        {
            return [];
        }
        var additions = PortalAdditions.Load(PortalGeneration.AdditionsPath(knowledge.Root)).ByCode.GetValueOrDefault(change.Code);
        var handWritten = DocumentKind(change.Code) == PortalChange.HandWritten;
        var old = handWritten ? Pending.Baseline().GetValueOrDefault(change.Code) : null;
        return [.. PortalGeneration.Languages.Select(language =>
        {
            var path = $"{KnowledgeLoader.ProceduresFolder}/{change.Code}.{language}.md";
            var current = handWritten
                ? old is null ? "" : PortalDocuments.Render(old.Record, additions, language)
                : drafting.CurrentText(path);
            return new PortalDocumentChange(path, current, PortalDocuments.Render(now.Record, additions, language), Writes: !handWritten);
        })];
    }

    public string CurrentText(string path) => drafting.CurrentText(path);

    /// <summary>"generated", "hand-written" or null, as the procedure's documents are now.</summary>
    public string? DocumentKind(string code) =>
        PortalPending.DocumentKind(Path.Combine(knowledge.Root, KnowledgeLoader.ProceduresFolder), code, Today);

    public async Task<PortalDecisionOutcome> DecideAsync(string code, string? version, bool approve, string actor, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        await _deciding.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = Pending;
            var change = pending.Report()?.Changes.FirstOrDefault(c => c.Code == code);
            if (change is null || change.Version != version || pending.Decisions().ContainsKey((change.Code, change.Version)))
            {
                return new PortalDecisionOutcome(PortalDecisionKind.AlreadyDecided, ["No undecided portal change with that code and version: it was decided already, or a newer import replaced it."]);
            }
            if (approve)
            {
                if (change.Kind == PortalChange.Removed)
                {
                    return new PortalDecisionOutcome(PortalDecisionKind.NotAllowed, ["A removed procedure is not deleted from here: retire its documents by hand, then note the change."]);
                }
                if (pending.NewRecord(code) is not { } record)
                {
                    return new PortalDecisionOutcome(PortalDecisionKind.RecordGone, [$"The newer record of {code} is no longer in the pending folder; import the crawl again."]);
                }
                var documents = Documents(change);
                if (documents.Any(d => d.Writes))
                {
                    var problems = await drafting.WriteDocumentsAsync(
                        documents.Where(d => d.Writes).ToDictionary(d => d.Path, d => d.Proposed), () => pending.ReplaceInBaseline(record), cancellationToken).ConfigureAwait(false);
                    if (problems.Count > 0)
                    {
                        return new PortalDecisionOutcome(PortalDecisionKind.Invalid, problems);
                    }
                }
                else
                {
                    pending.ReplaceInBaseline(record);
                }
            }
            var outcome = approve ? PortalDecision.Approved : PortalDecision.Rejected;
            pending.Decide(new PortalDecision(change.Code, change.Version, outcome, actor, clock.GetUtcNow(), note is { Length: > 0 } ? note[..Math.Min(note.Length, 2000)] : null));
            await audit.RecordActionAsync(actor, approve ? "approve-portal-change" : "reject-portal-change", change.Code,
                $"{change.Kind} {string.Join(", ", change.Fields.Select(f => f.Field))} ({change.Version}){(note is { Length: > 0 } ? $": {note}" : "")}", cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Portal change {Code} ({Version}) {Outcome} by {Actor}", change.Code, change.Version, outcome, actor);
            return PortalDecisionOutcome.Done;
        }
        finally
        {
            _deciding.Release();
        }
    }
}
