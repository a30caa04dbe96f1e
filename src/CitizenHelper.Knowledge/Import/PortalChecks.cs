namespace CitizenHelper.Knowledge.Import;

/// <summary>A difference between a hand-written document and its portal record; a fee or time that differs blocks.</summary>
public sealed record RecordDifference(string Path, string Code, DateOnly? RecordDate, string Message, bool Blocking);

/// <summary>
/// Compares the documents written by hand with the bundled portal records they describe. Generated documents are the
/// record's own text and are not compared; a hand-written one may say more, but a fee or a time the record has and the
/// document lacks is a disagreement, and a legal document the record cites that the document does not is reported.
/// </summary>
public static class PortalChecks
{
    public static IReadOnlyList<RecordDifference> HandWrittenAgainstRecords(KnowledgeBase knowledge, string recordsPath)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        if (!File.Exists(recordsPath))
        {
            return [];
        }
        var handWritten = knowledge.Procedures.Where(p => p.Language == "vi" && p.RecordUpdated is null).ToDictionary(p => p.Code, StringComparer.Ordinal);
        var differences = new List<RecordDifference>();
        foreach (var entry in PortalRecordSource.Read(recordsPath))
        {
            if (entry.Record is { } record && handWritten.TryGetValue(record.Code, out var document))
            {
                differences.AddRange(PortalImporter.Compare(record, document).Select(f => new RecordDifference(
                    document.SourcePath, record.Code, record.Updated, f.Message, Blocking: !f.Message.StartsWith("portal cites", StringComparison.Ordinal))));
            }
        }
        return differences;
    }
}
