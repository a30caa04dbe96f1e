namespace CitizenHelper.Qr.Decoding;

/// <summary>
/// When reading a photo must stop: a time on a clock, checked in the decoding loops and once more at the end,
/// together with the caller's token. A timer (<c>CancelAfter</c>) alone is not enough: on a busy machine its callback
/// can run only after the work it was meant to stop has finished, and a late result would pass for "no code".
/// </summary>
public sealed class Deadline
{
    private readonly TimeProvider? _clock;
    private readonly long _start;
    private readonly TimeSpan _budget;

    /// <summary>From now on <paramref name="clock"/>, <paramref name="budget"/> at most.</summary>
    public Deadline(TimeProvider clock, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _start = clock.GetTimestamp();
        _budget = budget;
        Token = cancellationToken;
    }

    private Deadline(CancellationToken cancellationToken) => Token = cancellationToken;

    public CancellationToken Token { get; }

    /// <summary>True once the time is up or the caller has cancelled.</summary>
    public bool Passed => Token.IsCancellationRequested || (_clock is not null && _clock.GetElapsedTime(_start) >= _budget);

    /// <summary>No time limit: only the caller's token stops the work.</summary>
    public static Deadline Unbounded(CancellationToken cancellationToken = default) => new(cancellationToken);

    /// <summary>Throws <see cref="OperationCanceledException"/> when <see cref="Passed"/>: the caller's own when it cancelled.</summary>
    public void ThrowIfPassed()
    {
        Token.ThrowIfCancellationRequested();
        if (Passed)
        {
            throw new OperationCanceledException("The deadline for reading the photo has passed.");
        }
    }
}
