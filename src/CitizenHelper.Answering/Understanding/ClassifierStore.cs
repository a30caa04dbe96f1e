using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Trained question classifiers kept on disk, one file per knowledge content, so a restart with the same knowledge
/// loads the model in a fraction of a second instead of training it again (about 11 s for the bundled knowledge).
/// <para>
/// A file is named by its key: the training fingerprint, everything else of the knowledge the index reads words from
/// (the catalog, procedures' authorities, provinces) and the build of the code that trains. A file that is truncated,
/// corrupt, of another format or of another key is ignored, and the model is trained again. Files are written to a
/// temporary name and renamed, so a reader never sees half a file; only the most recently used few are kept.
/// </para>
/// </summary>
public sealed class ClassifierStore
{
    /// <summary>Files of another version are ignored (and pruned in time).</summary>
    public const int FormatVersion = 2;

    private const string Prefix = "classifier-";
    private const string Extension = ".bin";
    private static ReadOnlySpan<byte> Magic => "CHQC"u8;

    // Header: magic, version, key (32 bytes), labels, features, then the payload; a SHA-256 of everything before it last.
    private const int HeaderLength = 4 + 4 + 32 + 4 + 4;
    private const int ChecksumLength = 32;

    private readonly ILogger _logger;

    public ClassifierStore(string folder, int keep = 4, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Folder = Path.GetFullPath(folder);
        Keep = keep;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Folder { get; }

    /// <summary>How many model files are kept; the least recently used beyond it are deleted.</summary>
    public int Keep { get; }

    /// <summary>
    /// The key of a model: its training fingerprint, the rest of the knowledge that decides which words the index
    /// knows and how it splits them, and the build of this assembly (training code changed: train again).
    /// </summary>
    public static byte[] KeyFor(string fingerprint, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(knowledge);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData("\n"u8);
        }
        Add(FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(typeof(QuestionClassifier).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(fingerprint);
        foreach (var entry in knowledge.Catalog)
        {
            Add($"{entry.Key}\t{entry.Title}\t{string.Join('\t', entry.Aliases)}\t{string.Join('\t', entry.Categories)}\t{string.Join('\t', entry.Departments)}");
        }
        foreach (var procedure in knowledge.Documents.OfType<Procedure>())
        {
            Add(procedure.Authority);
        }
        foreach (var province in knowledge.Provinces)
        {
            Add(province);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// The key of the model of a knowledge base exactly as its files give it, from the files' content key
    /// (<see cref="KnowledgeCache.KeyFor"/>, which covers the examples, the documents and the build): found without
    /// making the training set or its fingerprint, which take a good part of a start that only reads the model.
    /// </summary>
    public static byte[] KeyForContent(ReadOnlySpan<byte> knowledgeKey)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"content\n{FormatVersion}\n{typeof(QuestionClassifier).Assembly.ManifestModule.ModuleVersionId}\n"));
        hash.AppendData(knowledgeKey);
        return hash.GetHashAndReset();
    }

    /// <summary>A stored model's numbers, read before the index it is used with exists.</summary>
    public sealed record StoredModel(ulong[] Features, string[] Labels, float[] Weights)
    {
        public QuestionClassifier For(Retrieval.KnowledgeIndex index) => QuestionClassifier.FromParameters(index, Features, Labels, Weights);
    }

    /// <summary>The path a model of this key is kept at.</summary>
    public string PathFor(ReadOnlySpan<byte> key) => Path.Combine(Folder, Prefix + Convert.ToHexStringLower(key[..16]) + Extension);

    /// <summary>The stored model of this key, or null when there is none or it cannot be read whole.</summary>
    public QuestionClassifier? TryLoad(ReadOnlySpan<byte> key, Retrieval.KnowledgeIndex index) => TryRead(key)?.For(index);

    /// <summary>The stored model of this key, or null when there is none or it cannot be read whole.</summary>
    public StoredModel? TryRead(ReadOnlySpan<byte> key)
    {
        var path = PathFor(key);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            var model = Read(path, key);
            if (model is null)
            {
                _logger.LogWarning("Stored question classifier {Path} is unreadable or of another version; training again", path);
                return null;
            }
            // Most recently used last to be pruned.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return model;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Stored question classifier {Path} could not be read; training again", path);
            return null;
        }
    }

    /// <summary>Keeps the model under its key (atomically: a temporary file renamed), then prunes old files.</summary>
    public void Save(ReadOnlySpan<byte> key, QuestionClassifier model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = PathFor(key);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            Write(temporary, key, model);
            File.Move(temporary, path, overwrite: true);
            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full disk costs the next start its training time, nothing else.
            _logger.LogWarning(e, "Question classifier could not be stored at {Path}", path);
            CacheFiles.TryDelete(temporary);
        }
    }

    /// <summary>Deletes model files beyond the most recently used <see cref="Keep"/>, and temporary files a crash left.</summary>
    public void Prune() => CacheFiles.Prune(Folder, Prefix, Extension, Keep);

    private static void Write(string path, ReadOnlySpan<byte> key, QuestionClassifier model)
    {
        var (features, labels, weights) = model.Parameters;
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var checksum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Put(ReadOnlySpan<byte> bytes)
        {
            file.Write(bytes);
            checksum.AppendData(bytes);
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], FormatVersion);
        key.CopyTo(header[8..40]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], labels.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[44..], features.Length);
        Put(header);
        var names = new MemoryStream();
        using (var writer = new BinaryWriter(names, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var label in labels)
            {
                writer.Write(label);
            }
        }
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, (int)names.Length);
        Put(length);
        Put(names.GetBuffer().AsSpan(0, (int)names.Length));
        // Numbers are kept in this machine's byte order; the version check below refuses a big-endian file.
        Put(MemoryMarshal.AsBytes(features.AsSpan()));
        Put(MemoryMarshal.AsBytes(weights.AsSpan()));
        file.Write(checksum.GetHashAndReset());
    }

    private static StoredModel? Read(string path, ReadOnlySpan<byte> key)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return null;
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var checksum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        bool Take(Span<byte> bytes)
        {
            if (file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
            {
                return false;
            }
            checksum.AppendData(bytes);
            return true;
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        if (!Take(header) || !header[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != FormatVersion
            || !header[8..40].SequenceEqual(key))
        {
            return null;
        }
        var labelCount = BinaryPrimitives.ReadInt32LittleEndian(header[40..]);
        var featureCount = BinaryPrimitives.ReadInt32LittleEndian(header[44..]);
        Span<byte> length = stackalloc byte[4];
        if (!Take(length))
        {
            return null;
        }
        var namesLength = BinaryPrimitives.ReadInt32LittleEndian(length);
        // Sizes are checked against the file before anything that large is allocated.
        var expected = (long)HeaderLength + 4 + namesLength + (featureCount * 8L) + ((featureCount + 1L) * labelCount * sizeof(float)) + ChecksumLength;
        if (labelCount <= 0 || featureCount < 0 || namesLength < 0 || expected != file.Length)
        {
            return null;
        }
        var names = new byte[namesLength];
        var features = new ulong[featureCount];
        var weights = new float[(featureCount + 1L) * labelCount];
        if (!Take(names) || !Take(MemoryMarshal.AsBytes(features.AsSpan())) || !Take(MemoryMarshal.AsBytes(weights.AsSpan())))
        {
            return null;
        }
        Span<byte> stored = stackalloc byte[ChecksumLength];
        if (file.ReadAtLeast(stored, ChecksumLength, throwOnEndOfStream: false) != ChecksumLength || !stored.SequenceEqual(checksum.GetHashAndReset()))
        {
            return null;
        }
        var labels = new string[labelCount];
        using (var reader = new BinaryReader(new MemoryStream(names), Encoding.UTF8))
        {
            try
            {
                for (var i = 0; i < labels.Length; i++)
                {
                    labels[i] = reader.ReadString();
                }
            }
            catch (EndOfStreamException)
            {
                return null;
            }
        }
        return new StoredModel(features, labels, weights);
    }
}
