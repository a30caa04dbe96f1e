using System.Text.Json;
using System.Text.Json.Nodes;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Bot;

/// <summary>Turns a channel-free <see cref="Answer"/> into a Bot Framework message activity.</summary>
public static class AnswerActivities
{
    public static Activity ToActivity(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = answer.Text,
            TextFormat = "markdown",
            Locale = answer.MachineTranslated ? answer.RequestedLanguage : answer.Language == "en" ? "en-US" : "vi-VN",
            InputHint = "acceptingInput",
            ChannelData = JsonSerializer.SerializeToElement(new
            {
                citizenHelper = new
                {
                    outcome = Outcome(answer.Outcome),
                    procedure = answer.ProcedureCode,
                    topic = answer.DocumentKey is { } key && key.StartsWith(Knowledge.HelpTopic.KeyPrefix, StringComparison.Ordinal) ? key[Knowledge.HelpTopic.KeyPrefix.Length..] : null,
                    facets = answer.Facets,
                    reference = answer.EscalationReference,
                    rephrased = answer.Rephrased ? true : (bool?)null,
                    machineTranslated = answer.MachineTranslated ? true : (bool?)null,
                    requestedLanguage = answer.RequestedLanguage,
                    refusal = answer.Refusal is { } refusal ? AnsweringMetrics.Name(refusal) : null,
                },
            }),
        };
        if (answer.Citations.Count > 0)
        {
            activity.Entities = [CitationEntity(answer.Citations)];
        }
        if (answer.Suggestions.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                Actions = [.. answer.Suggestions.Select(s => new CardAction { Type = "imBack", Title = s.Title, Value = JsonSerializer.SerializeToElement(s.Value) })],
            };
        }
        if (answer.MachineTranslated && answer.DocumentKey is { } document)
        {
            activity.SuggestedActions ??= new SuggestedActions();
            activity.SuggestedActions.Actions.Insert(0, ShowOriginal(answer, document));
        }
        if (answer.Outcome == AnswerOutcome.Answered)
        {
            // Helpful / not helpful, as messageBack so the rating travels as a value, not as a question to answer.
            var texts = AnswerTexts.For(answer.Language);
            activity.SuggestedActions ??= new SuggestedActions();
            activity.SuggestedActions.Actions.Add(Rating(texts.RateHelpful, helpful: true, answer.DocumentKey));
            activity.SuggestedActions.Actions.Add(Rating(texts.RateNotHelpful, helpful: false, answer.DocumentKey));
        }
        return activity;
    }

    /// <summary>The value a rating button sends back: <c>{"citizenHelper":"rating","helpful":…,"document":…}</c>.</summary>
    public const string RatingValue = "rating";

    /// <summary>The value the button of a machine-translated answer sends back: <c>{"citizenHelper":"original","document":…,"facets":[…],"lang":…}</c>.</summary>
    public const string OriginalValue = "original";

    private static CardAction ShowOriginal(Answer answer, string document)
    {
        var title = string.Format(System.Globalization.CultureInfo.InvariantCulture,
            AnswerTexts.For(answer.Language).ShowOriginal, Answering.Understanding.Languages.Name(answer.Language, answer.Language));
        return new CardAction
        {
            Type = "messageBack",
            Title = title,
            DisplayText = title,
            Text = "",
            Value = JsonSerializer.SerializeToElement(new { citizenHelper = OriginalValue, document, facets = answer.Facets, lang = answer.Language }),
        };
    }

    private static CardAction Rating(string title, bool helpful, string? document) => new()
    {
        Type = "messageBack",
        Title = title,
        DisplayText = title,
        Text = "",
        Value = JsonSerializer.SerializeToElement(new { citizenHelper = RatingValue, helpful, document }),
    };

    /// <summary>The outcome recorded for the dashboard: a refusal by its kind (at most 16 characters), else <see cref="Outcome(AnswerOutcome)"/>.</summary>
    public static string RecordedOutcome(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Refusal switch
        {
            Refusal.Injection => "refused-inject",
            Refusal.OthersData => "refused-data",
            Refusal.OffTopic => "refused-offtopic",
            Refusal.Wrongdoing => "refused-fraud",
            _ => Outcome(answer.Outcome),
        };
    }

    public static string Outcome(AnswerOutcome outcome) => outcome switch
    {
        AnswerOutcome.Answered => "answered",
        AnswerOutcome.Clarify => "clarify",
        AnswerOutcome.Escalated => "escalated",
        _ => "smalltalk",
    };

    /// <summary>The schema.org Message entity with claims, as Web Chat and Teams render citations.</summary>
    public static JsonObject CitationEntity(IReadOnlyList<Citation> citations)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var claims = new JsonArray();
        for (var i = 0; i < citations.Count; i++)
        {
            var citation = citations[i];
            claims.Add(new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = i + 1,
                ["appearance"] = new JsonObject
                {
                    ["@type"] = "DigitalDocument",
                    ["name"] = citation.Title,
                    ["url"] = citation.Url.ToString(),
                    ["abstract"] = citation.Abstract,
                    ["text"] = citation.DocumentPath,
                },
            });
        }
        return new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = "",
            ["citation"] = claims,
        };
    }
}
