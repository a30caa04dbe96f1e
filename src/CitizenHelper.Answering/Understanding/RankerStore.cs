using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Trained candidate rankers kept beside the classifiers (<see cref="ClassifierStore"/>), under the same key of the
/// knowledge's content: a ranker is a few numbers, but training it searches every example question (seconds), which a
/// restart with the same knowledge need not do again. A file that does not read as a ranker is ignored and the ranker
/// trained again; files are written to a temporary name and renamed; only the most recently written few are kept.
/// </summary>
public sealed class RankerStore(string folder, int keep = 4, ILogger? logger = null)
{
    private const string Prefix = "ranker-";
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The ranker kept under the key, else one trained on the knowledge base and kept under it.</summary>
    public CandidateRanker ReadOrTrain(byte[] key, KnowledgeBase knowledge, Retrieval.KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = Path.Combine(Folder, $"{Prefix}{Convert.ToHexString(key)}.txt");
        try
        {
            if (File.Exists(path) && CandidateRanker.Read(File.ReadAllText(path)) is { } read)
            {
                return read;
            }
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "The candidate ranker kept in {Path} could not be read; training it again", path);
        }
        _logger.LogInformation("Training the candidate ranker (once for this knowledge; kept in {Folder})", Folder);
        var trained = CandidateRanker.Train(knowledge, index);
        try
        {
            Directory.CreateDirectory(Folder);
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, trained.Save());
            File.Move(temporary, path, overwrite: true);
            CacheFiles.Prune(Folder, Prefix, ".txt", keep);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "The candidate ranker could not be kept in {Folder}; it is trained again on the next start", Folder);
        }
        return trained;
    }
}
