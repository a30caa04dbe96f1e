using System.Text.Json;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Knowledge;
using CitizenHelper.Storage;
using Microsoft.SemanticKernel.Data;

namespace CitizenHelper.Staff;

/// <summary>
/// What the draft form starts from: the document the escalated conversation was about, and the staff reply as an
/// answer for everyone (no greeting, no thanks, no signature).
/// </summary>
public sealed partial class DraftSuggestions(KnowledgeProvider knowledge, ITextSearch<DocumentHit> search)
{
    /// <summary>
    /// The document to draft for, as a path of <see cref="KnowledgeDrafting.Documents"/>: the one the bot cited last in
    /// the conversation, else the best match of the question by the answering pipeline's retriever, else the
    /// escalation's procedure; in the escalation's language when it has one. Null when none has a file to draft in.
    /// </summary>
    public async Task<string?> DocumentAsync(EscalationRecord escalation, IReadOnlyList<Activity> transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(transcript);
        var cited = transcript.Where(a => a.From?.Role == RoleTypes.Bot).Reverse().Select(CitedKey).FirstOrDefault(k => k is not null);
        if (PathOf(cited, escalation.Language) is { } path)
        {
            return path;
        }
        var question = escalation.Question.Split('\n')[0];
        var results = await search.GetSearchResultsAsync(question, new TextSearchOptions<DocumentHit> { Top = 3 }, cancellationToken).ConfigureAwait(false);
        await foreach (var hit in results.Results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (PathOf(hit.Key, escalation.Language) is { } found)
            {
                return found;
            }
        }
        return PathOf(escalation.ProcedureCode, escalation.Language);
    }

    /// <summary>The document a bot message answered from: its procedure or help topic, when it answered.</summary>
    private static string? CitedKey(Activity activity)
    {
        if (activity.ChannelData is not JsonElement { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty("citizenHelper", out var helper) || helper.ValueKind != JsonValueKind.Object
            || !helper.TryGetProperty("outcome", out var outcome) || outcome.ValueKind != JsonValueKind.String || outcome.GetString() != "answered")
        {
            return null;
        }
        string? Text(string name) => helper.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return Text("topic") is { Length: > 0 } topic ? HelpTopic.KeyPrefix + topic : Text("procedure");
    }

    /// <summary>The file of a document key in the language (else any), when it is one staff may draft for.</summary>
    private string? PathOf(string? key, string language)
    {
        var document = key is null ? null : knowledge.Current.Base.FindDocument(key, language);
        if (document is not (Procedure or HelpTopic))
        {
            return null;
        }
        var path = document.SourcePath.Replace('\\', '/');
        return KnowledgeDrafting.IsDocumentPath(path) ? path : null;
    }

    /// <summary>
    /// The text without what belongs to one conversation: a greeting in front ("Chào anh/chị,", "Dear citizen,"), thanks
    /// and good wishes at either end ("Cảm ơn anh/chị đã hỏi.", "Chúc anh/chị một ngày tốt lành."), and a signature
    /// ("Trân trọng, Nguyễn Văn A", "Best regards, …") with all after it. One line, as a knowledge entry is.
    /// </summary>
    public static string WithoutPleasantries(string text)
    {
        var rest = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (Signature().Match(rest) is { Success: true } signature)
        {
            rest = rest[..signature.Index];
        }
        var sentences = SentenceEnd().Split(rest).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        while (sentences.Count > 0)
        {
            var first = Greeting().Replace(sentences[0], "", 1).Trim();
            if (first.Length > 0 && !Thanks().IsMatch(first))
            {
                sentences[0] = char.ToUpperInvariant(first[0]) + first[1..];
                break;
            }
            sentences.RemoveAt(0);
        }
        while (sentences.Count > 0 && (Thanks().IsMatch(sentences[^1]) || Wishes().IsMatch(sentences[^1])))
        {
            sentences.RemoveAt(sentences.Count - 1);
        }
        return string.Join(' ', sentences);
    }

    // A sentence ends with . ! or ? and a space, or a line ends; "1.001193" and "07:30" stay whole.
    [GeneratedRegex(@"(?<=[.!?…])\s+|\n+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?:(?:xin|kính|kinh)\s+)?(?:chào|chao)(?:\s+(?:anh\s*/\s*(?:chị|chi)|anh\s+(?:chị|chi)|ông\s*/\s*bà|ong\s*/\s*ba|quý\s+\p{L}+(?:\s*/\s*\p{L}+)?|bạn|ban|anh|chị|chi|ông|ong|bà|em|công\s+dân|cong\s+dan))?\s*[,.!:;]+\s*|^(?:hello|hi|hey|good\s+(?:morning|afternoon|evening)|dear\s+[^,.!\n]{1,40})\s*[,.!:;]+\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^(?:(?:xin|chân\s+thành|chan\s+thanh)\s+)?(?:cảm|cám|cam)\s+(?:ơn|on)\b|^(?:thank\s+you|thanks|many\s+thanks)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Thanks();

    [GeneratedRegex(@"^(?:chúc|chuc)\s|^(?:have\s+a\s+(?:nice|good|great)|wish(?:ing)?\s+you|take\s+care)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wishes();

    [GeneratedRegex(@"(?:^|(?<=[.!?…])\s+|\n)\s*(?:trân\s+trọng|tran\s+trong|thân\s+ái|than\s+ai|kính\s+thư|kinh\s+thu|best\s+regards|kind\s+regards|warm\s+regards|regards|sincerely|yours\s+(?:sincerely|faithfully|truly)|--\s*$)[\s\S]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Signature();
}
