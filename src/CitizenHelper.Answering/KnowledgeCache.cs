using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Answering;

/// <summary>
/// Parsed knowledge bases with their search index kept on disk, one file per knowledge content, so a restart with
/// the same knowledge reads them (a fraction of a second) instead of parsing every file and indexing again.
/// <para>
/// A file is named by its key: a hash of every file of the knowledge folder and of the catalog beside it (names and
/// bytes) and the build of the code that parses and indexes. Any edit gives another key, so a changed knowledge base is
/// parsed again. The day matters only to a file "verified" in the future (refused until that day): a snapshot with
/// such a problem serves its own day only, any other serves its day and later. A file that is truncated,
/// corrupt, of another format or of another key is ignored. Files are written to a temporary name and renamed, so a
/// reader never sees half a file; only the most recently used few are kept.
/// </para>
/// </summary>
public sealed class KnowledgeCache
{
    /// <summary>Files of another version are ignored (and pruned in time).</summary>
    public const int FormatVersion = 3;

    private const string Prefix = "knowledge-";
    private const string Extension = ".bin";
    private static ReadOnlySpan<byte> Magic => "CHKB"u8;

    // Header: magic, version, key (32 bytes), the day it was parsed, whether that day mattered, payload length; then
    // the payload, and a SHA-256 of it last.
    private const int HeaderLength = 4 + 4 + 32 + 4 + 4 + 8;
    private const int ChecksumLength = 32;

    // The catalog's companions that the loader reads from beside it.
    private static readonly string[] CatalogCompanions = ["records.jsonl.gz", "manifest.json", "provinces.json"];

    private readonly ILogger _logger;

    public KnowledgeCache(string folder, int keep = 4, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Folder = Path.GetFullPath(folder);
        Keep = keep;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Folder { get; }

    /// <summary>How many files are kept; the least recently used beyond it are deleted.</summary>
    public int Keep { get; }

    /// <summary>
    /// The key of a knowledge folder's content: every file under it and the catalog's files (relative names and
    /// bytes), and the build of the parsing and indexing code.
    /// </summary>
    public static byte[] KeyFor(string root, string? catalogPath)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData("\n"u8);
        }
        // Each file through a buffer, not read whole: the catalog alone is megabytes of start-up garbage otherwise.
        var buffer = new byte[1 << 16];
        void AddFile(string name, string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            Add($"{name}\t{file.Length}");
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        Add(FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(typeof(KnowledgeBase).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(typeof(KnowledgeIndex).Assembly.ManifestModule.ModuleVersionId.ToString());
        if (Directory.Exists(root))
        {
            var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => (Name: Path.GetRelativePath(root, f).Replace('\\', '/'), Path: f))
                .OrderBy(f => f.Name, StringComparer.Ordinal);
            foreach (var (name, path) in files)
            {
                AddFile(name, path);
            }
        }
        Add(catalogPath is null ? "no catalog" : "catalog");
        if (catalogPath is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(catalogPath))!;
            foreach (var (name, path) in CatalogCompanions.Select(n => (n, Path.Combine(folder, n))).Prepend(("catalog", catalogPath)))
            {
                if (File.Exists(path))
                {
                    AddFile("catalog:" + name, path);
                }
            }
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The path a snapshot of this key is kept at.</summary>
    public string PathFor(ReadOnlySpan<byte> key) => Path.Combine(Folder, Prefix + Convert.ToHexStringLower(key[..16]) + Extension);

    /// <summary>The stored knowledge base and index of this key (loaded now), or null when there is none or it cannot be read whole.</summary>
    public (KnowledgeBase Knowledge, KnowledgeIndex Index)? TryLoad(ReadOnlySpan<byte> key, DateTimeOffset loadedAt)
    {
        var path = PathFor(key);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            var stored = Read(path, key, loadedAt, out var unreadable);
            if (unreadable)
            {
                _logger.LogWarning("Stored knowledge base {Path} is unreadable or of another version; parsing the knowledge files", path);
                return null;
            }
            if (stored is null)
            {
                return null;
            }
            // Most recently used last to be pruned.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return stored;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Stored knowledge base {Path} could not be read; parsing the knowledge files", path);
            return null;
        }
    }

    /// <summary>Keeps the knowledge base and its index under the key (atomically: a temporary file renamed), then prunes old files.</summary>
    public void Save(ReadOnlySpan<byte> key, KnowledgeBase knowledge, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(index);
        var path = PathFor(key);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            var payload = new MemoryStream();
            using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
            {
                KnowledgeBaseFormat.Write(writer, knowledge);
                index.Write(writer);
            }
            var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
            Span<byte> header = stackalloc byte[HeaderLength];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], FormatVersion);
            key.CopyTo(header[8..40]);
            BinaryPrimitives.WriteInt32LittleEndian(header[40..], DateOnly.FromDateTime(knowledge.LoadedAt.UtcDateTime).DayNumber);
            BinaryPrimitives.WriteInt32LittleEndian(header[44..], knowledge.Problems.Any(p => p.Message.EndsWith(KnowledgeProblem.InTheFuture, StringComparison.Ordinal)) ? 1 : 0);
            BinaryPrimitives.WriteInt64LittleEndian(header[48..], body.Length);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                file.Write(header);
                file.Write(body);
                file.Write(SHA256.HashData(body));
            }
            File.Move(temporary, path, overwrite: true);
            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full disk costs the next start its parsing time, nothing else.
            _logger.LogWarning(e, "Knowledge base could not be stored at {Path}", path);
            CacheFiles.TryDelete(temporary);
        }
    }

    /// <summary>Deletes snapshots beyond the most recently used <see cref="Keep"/>, and temporary files a crash left.</summary>
    public void Prune() => CacheFiles.Prune(Folder, Prefix, Extension, Keep);

    /// <summary>
    /// Whether a stored load holds on this day: the same day, or a later one when no file was refused for a date in the
    /// future (dates already past stay past).
    /// </summary>
    private static bool ServesDay(ReadOnlySpan<byte> header, DateOnly today)
    {
        var parsed = BinaryPrimitives.ReadInt32LittleEndian(header[40..]);
        var dayMattered = BinaryPrimitives.ReadInt32LittleEndian(header[44..]) != 0;
        return dayMattered ? today.DayNumber == parsed : today.DayNumber >= parsed;
    }

    /// <summary>
    /// The stored knowledge base and index, read through the file in two passes (the checksum, then the data) instead of
    /// holding its tens of MB as one array; null when it does not serve <paramref name="loadedAt"/>'s day (see
    /// <see cref="ServesDay"/>), <paramref name="unreadable"/> when it is not whole or not of this format and key.
    /// </summary>
    private static (KnowledgeBase, KnowledgeIndex)? Read(string path, ReadOnlySpan<byte> key, DateTimeOffset loadedAt, out bool unreadable)
    {
        unreadable = true;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> header = stackalloc byte[HeaderLength];
        if (file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) != HeaderLength)
        {
            return null;
        }
        if (!ServesDay(header, DateOnly.FromDateTime(loadedAt.UtcDateTime)))
        {
            unreadable = false;
            return null;
        }
        var bodyLength = file.Length - HeaderLength - ChecksumLength;
        if (bodyLength < 0 || !header[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != FormatVersion
            || !header[8..40].SequenceEqual(key) || BinaryPrimitives.ReadInt64LittleEndian(header[48..]) != bodyLength
            || !ChecksumHolds(file, bodyLength))
        {
            return null;
        }
        try
        {
            file.Position = HeaderLength;
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            var knowledge = KnowledgeBaseFormat.Read(reader, loadedAt);
            var index = KnowledgeIndex.Read(reader);
            if (file.Position != HeaderLength + bodyLength)
            {
                return null;
            }
            unreadable = false;
            return (knowledge, index);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Whether the SHA-256 at the end of the file is that of the body before it (read from the current position).</summary>
    private static bool ChecksumHolds(FileStream file, long bodyLength)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (var left = bodyLength; left > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                return false;
            }
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        Span<byte> stored = stackalloc byte[ChecksumLength];
        return file.ReadAtLeast(stored, ChecksumLength, throwOnEndOfStream: false) == ChecksumLength && stored.SequenceEqual(hash.GetHashAndReset());
    }
}
