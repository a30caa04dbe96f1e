using CitizenHelper.Storage;

namespace CitizenHelper.Web.Tests.Storage;

public sealed class BoundedMemoSpecs
{
    [Fact]
    public void RemembersWhatWasSetUntilRemoved()
    {
        var memo = new BoundedMemo<long>(limit: 10);
        memo.Set("a", 1);
        memo.Set("a", 2);

        Assert.True(memo.TryGet("a", out var value));
        Assert.Equal(2, value);
        memo.Remove("a");
        Assert.False(memo.Contains("a"));
    }

    [Fact]
    public void AFloodOfNewKeysNeverHoldsMoreThanTheLimitAndKeepsTheNewest()
    {
        var memo = new BoundedMemo<bool>(limit: 100);
        Parallel.For(0, 10_000, i => memo.Set($"conversation-{i}", true));

        Assert.True(Enumerable.Range(0, 10_000).Count(i => memo.Contains($"conversation-{i}")) <= 100);
        memo.Set("latest", true);
        Assert.True(memo.Contains("latest"));
    }

    [Fact]
    public void SettingAKeyAgainDoesNotCountTowardsTheLimit()
    {
        var memo = new BoundedMemo<int>(limit: 3);
        memo.Set("a", 1);
        memo.Set("b", 1);
        for (var i = 0; i < 50; i++)
        {
            memo.Set("a", i);
        }
        memo.Set("c", 1);

        Assert.True(memo.Contains("a") && memo.Contains("b") && memo.Contains("c"));
    }
}
