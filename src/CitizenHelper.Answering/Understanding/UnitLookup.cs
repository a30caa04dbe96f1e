using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Understanding;

/// <summary>A commune or ward named in a question, and the old (pre-July-2025) unit it was named by, if any.</summary>
public sealed record UnitMention(AdministrativeUnit Unit, string? FormerName, FormerUnit? Former = null);

/// <summary>What a question says about a commune or ward: one unit, or a choice the citizen must make.</summary>
public abstract record UnitLookup;

/// <summary>
/// The name settles it — or, found in several places, only one of them is a center of this service (a row in
/// centers/*.csv); then <see cref="Elsewhere"/> offers the others, in case the citizen is from one of them.
/// </summary>
public sealed record UnitFound(UnitMention Mention, IReadOnlyList<UnitOption>? Elsewhere = null) : UnitLookup;

/// <summary>
/// The name does not settle it: a former unit <see cref="Divided"/> between several new ones (<see cref="Former"/>), or a
/// name found in several places. <see cref="Options"/> are the buttons; each reply names its unit fully enough to settle it.
/// </summary>
public sealed record UnitChoice(string Name, FormerUnit? Former, bool Divided, IReadOnlyList<UnitOption> Options, int Places) : UnitLookup;

/// <summary>A button of a <see cref="UnitChoice"/>: what it shows, and what it sends back as the citizen's message.</summary>
public sealed record UnitOption(string Label, string Reply);
