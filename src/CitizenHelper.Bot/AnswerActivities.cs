using System.Text.Json;
using System.Text.Json.Nodes;
using CitizenHelper.Answering;
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
            Locale = answer.Language == "en" ? "en-US" : "vi-VN",
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
        return activity;
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
