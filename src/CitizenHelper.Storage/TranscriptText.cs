using System.Text.RegularExpressions;

namespace CitizenHelper.Storage;

/// <summary>A message as one line of a transcript, whatever line breaks it holds.</summary>
public static partial class TranscriptText
{
    /// <summary>What stands for a line break inside a message.</summary>
    public const string LineBreak = " ⏎ ";

    // Every character a viewer may start a new line at: CR, LF, VT, FF, NEL, and the Unicode line and paragraph separators.
    [GeneratedRegex("[\r\n\v\f\u0085\u2028\u2029]+")]
    private static partial Regex LineBreaks();

    /// <summary>
    /// The text on one line, each run of line breaks shown as <see cref="LineBreak"/>: a citizen's message cannot
    /// start a line of its own that reads like another speaker's ("\n[…] staff: …").
    /// </summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LineBreaks().Replace(text, LineBreak);
    }
}
