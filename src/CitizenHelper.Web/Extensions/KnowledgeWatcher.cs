using CitizenHelper.Answering;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// Picks up edits to the knowledge base while the service runs: a file-system watcher with a short quiet period,
/// and a periodic check of file times in case the watcher misses events (network shares, container volumes).
/// Each reload swaps in a whole new snapshot; conversations in progress are not affected.
/// </summary>
public sealed class KnowledgeWatcher(KnowledgeProvider knowledge, ILogger<KnowledgeWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(knowledge.Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        void Signal(object? sender, FileSystemEventArgs e) => changed.Release();
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Deleted += Signal;
        watcher.Renamed += (s, e) => changed.Release();
        watcher.Error += (s, e) => logger.LogWarning(e.GetException(), "Knowledge watcher error; relying on periodic checks");
        watcher.EnableRaisingEvents = true;

        var fingerprint = Fingerprint();
        while (!stoppingToken.IsCancellationRequested)
        {
            var signalled = await changed.WaitAsync(PollInterval, stoppingToken);
            if (signalled)
            {
                // Editors save in several steps: wait until the folder is quiet.
                while (await changed.WaitAsync(QuietPeriod, stoppingToken))
                {
                }
            }
            var current = Fingerprint();
            if (current == fingerprint)
            {
                continue;
            }
            fingerprint = current;
            try
            {
                knowledge.Reload();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Knowledge reload failed; the last good version keeps serving");
            }
        }
    }

    /// <summary>Names, sizes and write times of every file: changes when anything was edited, added or removed.</summary>
    private string Fingerprint()
    {
        try
        {
            var files = new DirectoryInfo(knowledge.Root)
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .OrderBy(f => f.FullName, StringComparer.Ordinal)
                .Select(f => $"{f.FullName}|{f.Length}|{f.LastWriteTimeUtc.Ticks}");
            return string.Join('\n', files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
