using CitizenHelper.Answering;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Qr.Dossiers;
using CitizenHelper.Qr.Lookup;
using CitizenHelper.Qr.Payloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Qr.Tests;

/// <summary>The dossier answer, over a hand-written source: what is shown, and what happens when the source fails.</summary>
public sealed class DossierLookupTests
{
    // What it parses and trains is kept under the test output, as the service keeps it: a second run reads it.
    private static readonly KnowledgeProvider Knowledge = new(
        RepositoryPaths.Knowledge(), null, TimeProvider.System, NullLogger<KnowledgeProvider>.Instance,
        new ClassifierStore(Path.GetFullPath("data/cache")), new KnowledgeCache(Path.GetFullPath("data/cache")));

    [Fact]
    public async Task PastAppointmentWithoutResultIsFlaggedForStaff()
    {
        var source = new FakeSource(new DossierStatus("000.00.00.M01-261103-0004", DossierState.InProgress) { AppointmentOn = new DateOnly(2026, 11, 6) });

        var result = await Lookup(source, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)).LookUpAsync("000.00.00.M01-261103-0004", "vi", CancellationToken.None);

        Assert.NotNull(result?.Answer);
        Assert.Contains(ScanTexts.Vietnamese.DossierOverdue, result.Answer.Text, StringComparison.Ordinal);
        Assert.Contains("06/11/2026", result.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadyDossierIsNotFlaggedAsOverdue()
    {
        var source = new FakeSource(new DossierStatus("000.00.00.M01-261110-0003", DossierState.Ready) { AppointmentOn = new DateOnly(2026, 11, 20) });

        var result = await Lookup(source, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)).LookUpAsync("000.00.00.M01-261110-0003", "en", CancellationToken.None);

        Assert.DoesNotContain(ScanTexts.English.DossierOverdue, result!.Answer!.Text, StringComparison.Ordinal);
        Assert.Contains(ScanTexts.English.States[DossierState.Ready], result.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingItemsNeverEchoIdentifiers()
    {
        var source = new FakeSource(new DossierStatus("000.00.00.M01-261118-0002", DossierState.NeedsSupplement) { Missing = ["Gọi lại số 0912345678 để bổ sung"] });

        var result = await Lookup(source, TimeProvider.System.GetUtcNow()).LookUpAsync("000.00.00.M01-261118-0002", "vi", CancellationToken.None);

        Assert.DoesNotContain("0912345678", result!.Answer!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingSourceGetsAPlainReplyNotAnError()
    {
        var result = await Lookup(new FakeSource(null, fail: true), TimeProvider.System.GetUtcNow()).LookUpAsync("000.00.00.M01-261118-0002", "en", CancellationToken.None);

        Assert.Equal(ScanTexts.English.DossierUnavailable, result!.Answer!.Text);
        Assert.Equal(AnswerOutcome.Clarify, result.Answer.Outcome);
    }

    private static ScanLookup Lookup(IDossierStatusSource source, DateTimeOffset now) =>
        new(Knowledge, new PayloadResolver("https://tro-ly.example.vn"), source, new FixedClock(now), NullLogger<ScanLookup>.Instance);

    private sealed class FakeSource(DossierStatus? status, bool fail = false) : IDossierStatusSource
    {
        public Task<DossierStatus?> FindAsync(string code, CancellationToken cancellationToken) =>
            fail ? throw new HttpRequestException("one-stop-shop system unreachable")
            : Task.FromResult<DossierStatus?>(status?.Code == code ? status : throw new InvalidOperationException($"Unexpected code {code}"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
