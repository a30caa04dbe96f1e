namespace CitizenHelper.Knowledge;

/// <summary>
/// Something wrong in a knowledge file, with where it is (1-based line; 0 when it concerns the whole file).
/// <paramref name="InSource"/> marks a fault of a record as the national portal published it (a malformed or repeated
/// code): the record is skipped and noted, but no one here can mend it, so it does not make the knowledge unhealthy.
/// </summary>
public sealed record KnowledgeProblem(string File, int Line, string Message, bool InSource = false)
{
    /// <summary>How a problem about a date after today ends: the only part of a load that depends on the day.</summary>
    public const string InTheFuture = "a date in the future";

    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
