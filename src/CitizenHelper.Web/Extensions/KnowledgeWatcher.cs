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

    private readonly SemaphoreSlim _changed = new(0);
    private FileSystemWatcher? _watcher;
    private string _fingerprint = "";

    /// <summary>
    /// Watches from before the host has started: ExecuteAsync runs on its own later, and an edit made in between
    /// would otherwise be part of the baseline and never be picked up.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher = new FileSystemWatcher(knowledge.Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        void Signal(object? sender, FileSystemEventArgs e) => _changed.Release();
        _watcher.Changed += Signal;
        _watcher.Created += Signal;
        _watcher.Deleted += Signal;
        _watcher.Renamed += (s, e) => _changed.Release();
        _watcher.Error += (s, e) => logger.LogWarning(e.GetException(), "Knowledge watcher error; relying on periodic checks");
        _watcher.EnableRaisingEvents = true;
        _fingerprint = Fingerprint();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var signalled = await _changed.WaitAsync(PollInterval, stoppingToken);
            if (signalled)
            {
                // Editors save in several steps: wait until the folder is quiet.
                while (await _changed.WaitAsync(QuietPeriod, stoppingToken))
                {
                }
            }
            var current = Fingerprint();
            if (current == _fingerprint)
            {
                continue;
            }
            _fingerprint = current;
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

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        base.Dispose();
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
