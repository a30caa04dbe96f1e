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

    // That the service does not start with a bad retention is checked on the real process, with the other settings:
    // StartupValidationTests.BadSettingStopsTheStartNamingTheKey (start-up prints one line and exits with 1).

    [Fact]
    public void DailyUploadBoundsMustHoldAtLeastOneUpload()
    {
        Assert.Empty(new DirectLineOptions { Secret = CitizenHelperFactory.Secret }.Validate());
        var errors = new DirectLineOptions { Secret = CitizenHelperFactory.Secret, UploadFilesPerConversationPerDay = 0, UploadBytesPerConversationPerDay = 1024 }.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("DirectLine:UploadFilesPerConversationPerDay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DirectLine:UploadBytesPerConversationPerDay", StringComparison.Ordinal));
    }
}
