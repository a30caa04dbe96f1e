using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot;

namespace CitizenHelper.Web.Tests;

/// <summary>A machine-translated answer says so in channelData and offers the original as a messageBack button.</summary>
public sealed class MachineTranslatedActivityTests
{
    [Fact]
    public void TranslatedAnswerIsMarkedAndOffersTheOriginal()
    {
        var answer = new Answer
        {
            Outcome = AnswerOutcome.Answered, Text = "_…_\n\nខ្មែរ", Language = "vi", DocumentKey = "1.001193", Facets = ["fee"],
            RequestedLanguage = "km", MachineTranslated = true,
        };

        var activity = AnswerActivities.ToActivity(answer);

        var data = activity.ChannelData!.Value.GetProperty("citizenHelper");
        Assert.True(data.GetProperty("machineTranslated").GetBoolean());
        Assert.Equal("km", data.GetProperty("requestedLanguage").GetString());
        Assert.Equal("km", activity.Locale);
        var button = activity.SuggestedActions!.Actions[0];
        Assert.Equal("messageBack", button.Type);
        Assert.Equal("Xem bản gốc (tiếng Việt)", button.Title);
        var value = button.Value!.Value;
        Assert.Equal(AnswerActivities.OriginalValue, value.GetProperty("citizenHelper").GetString());
        Assert.Equal("1.001193", value.GetProperty("document").GetString());
        Assert.Equal("vi", value.GetProperty("lang").GetString());
        Assert.Equal(["fee"], value.GetProperty("facets").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void UntranslatedAnswerHasNoOriginalButton()
    {
        var activity = AnswerActivities.ToActivity(new Answer { Outcome = AnswerOutcome.Answered, Text = "x", Language = "vi", DocumentKey = "1.001193", RequestedLanguage = "km" });

        Assert.Equal("vi-VN", activity.Locale);
        Assert.False(activity.ChannelData!.Value.GetProperty("citizenHelper").TryGetProperty("machineTranslated", out var flag) && flag.ValueKind == JsonValueKind.True);
        Assert.DoesNotContain(activity.SuggestedActions!.Actions, a => a.Type == "messageBack" && a.Value?.GetProperty("citizenHelper").GetString() == AnswerActivities.OriginalValue);
    }
}
