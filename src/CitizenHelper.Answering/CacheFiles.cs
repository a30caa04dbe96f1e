namespace CitizenHelper.Answering;

/// <summary>Housekeeping shared by the files kept in the cache folder (trained classifiers, knowledge snapshots).</summary>
internal static class CacheFiles
{
    /// <summary>
    /// Deletes the files named <c>{prefix}*{extension}</c> beyond the most recently used <paramref name="keep"/>, and
    /// temporary files of that prefix a crash left.
    /// </summary>
    public static void Prune(string folder, string prefix, string extension, int keep)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        var files = new DirectoryInfo(folder).GetFiles(prefix + "*" + extension)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal);
        foreach (var old in files.Skip(keep))
        {
            TryDelete(old.FullName);
        }
        // A temporary file an hour old belongs to no writer still running.
        foreach (var stale in new DirectoryInfo(folder).GetFiles(prefix + "*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
        {
            TryDelete(stale.FullName);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process has it open or took it first; the next prune tries again.
        }
    }
}
