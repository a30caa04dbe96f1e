using CitizenHelper.Storage;
using CitizenHelper.Web.Options;

namespace CitizenHelper.Web.Tests;

/// <summary>The retention and upload settings are checked at start, with messages naming the setting.</summary>
public sealed class RetentionOptionsTests
{
    [Fact]
    public void ConversationsAreKeptAYearByDefault()
    {
        var options = new RetentionOptions();

        Assert.Equal(365, options.Days);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    [InlineData(3651)]
    public void ARetentionOutsideItsRangeStopsTheStart(int days)
    {
        var error = Assert.Single(new RetentionOptions { Days = days }.Validate());
        Assert.Contains("Retention:Days", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServiceDoesNotStartWithABadRetention()
    {
        using var factory = new CitizenHelperFactory(new Dictionary<string, string?> { ["Retention:Days"] = "0" });

        var start = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Retention:Days", start.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DailyUploadBoundsMustHoldAtLeastOneUpload()
    {
        Assert.Empty(new DirectLineOptions { Secret = CitizenHelperFactory.Secret }.Validate());
        var errors = new DirectLineOptions { Secret = CitizenHelperFactory.Secret, UploadFilesPerConversationPerDay = 0, UploadBytesPerConversationPerDay = 1024 }.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("DirectLine:UploadFilesPerConversationPerDay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DirectLine:UploadBytesPerConversationPerDay", StringComparison.Ordinal));
    }
}
