namespace CitizenHelper.Qr.Payloads;

/// <summary>What a scanned (or pasted) QR payload points at.</summary>
public enum PayloadKind
{
    Procedure,
    Dossier,
    Center,
    Unknown,
}

/// <summary>Why a payload could not be used; each gets its own plain reply, never a guess.</summary>
public enum UnknownPayload
{
    /// <summary>A link to a site that is not a government portal nor this service.</summary>
    ForeignLink,

    /// <summary>A government portal link that carries no procedure, dossier or center code we can read.</summary>
    PortalLinkWithoutCode,

    /// <summary>A well-formed procedure code that is neither in our knowledge base nor in the national catalog.</summary>
    UnknownProcedure,

    /// <summary>The QR code of a citizen identity card: personal data, not a question.</summary>
    IdentityCard,

    /// <summary>Anything else a QR code may hold (payment codes, Wi-Fi settings, contact cards, plain text).</summary>
    Other,
}

/// <summary>
/// A payload understood: its kind, the code it carries (procedure code, dossier receipt code, center's unit
/// code), and what our own deep links ask for (language, guided mode).
/// </summary>
public sealed record ScannedPayload(PayloadKind Kind, string? Code = null)
{
    public UnknownPayload? Problem { get; init; }

    /// <summary>The language a deep link asks for (<c>lang=vi|en</c>).</summary>
    public string? Language { get; init; }

    /// <summary>The mode a deep link asks for (<c>mode=guided</c>); carried to the widget and the bot as is.</summary>
    public string? Mode { get; init; }

    public static ScannedPayload Unknown(UnknownPayload problem, string? code = null) => new(PayloadKind.Unknown, code) { Problem = problem };
}
