using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Tells apart the provinces' own versions of one procedure: documents with a <c>province</c> and catalog entries a
/// province published, under the same title. Among the candidates, each such group becomes one: the version of the
/// citizen's province (named now or earlier in the conversation, or known from a commune they named), else the
/// national one; when there is neither, <see cref="ProvinceQuestionStep"/> asks which province once the group is the
/// answer, and the reply picks that version. Runs before <see cref="DecideStep"/>, so same-titled versions never look
/// like a tie between different procedures. The classifier's labels are read the same way (it learned the procedure,
/// not the province), and once the province is known, procedures only other provinces publish are set aside: their
/// fees and offices are another province's, and staff answer better than a wrong province's facts.
/// </summary>
public sealed class ProvinceStep : IAnswerStep
{

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is not null)
        {
            return ValueTask.CompletedTask;
        }
        var knowledge = context.Knowledge.Base;
        var named = Provinces.Find(context.Question.Text, knowledge);
        if (named is not null)
        {
            context.State = context.State with { Province = named };
        }
        var province = context.State.Province;

        // The reply to "which province?": the version of the province named.
        var pending = context.State.PendingChoices;
        if (named is not null && pending.Count > 1 && knowledge.SameTitle(pending[0]).Count > 1
            && OwnVersion(knowledge, pending, named) is { } picked)
        {
            context.DocumentKey = picked;
            return ValueTask.CompletedTask;
        }

        var kept = new List<DocumentHit>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in context.Candidates)
        {
            var group = knowledge.SameTitle(hit.Key);
            if (group.Count == 1 || !group.Any(k => knowledge.ProvinceOf(k) is not null))
            {
                kept.Add(hit);
                continue;
            }
            if (!done.Add(group[0]))
            {
                continue; // another version of a procedure already kept
            }
            // Undecided (no province known, no national version of ours): the hit stands for its group, and
            // ProvinceQuestionStep asks which province once DecideStep has chosen it over the other candidates.
            var chosen = Choose(knowledge, group, province, context.State.DocumentKey);
            kept.Add(chosen is null ? hit : hit with { Key = chosen, Title = knowledge.FindDocument(chosen, context.Language)?.Title ?? hit.Title });
        }
        context.Candidates = province is null ? kept : [.. kept.Where(hit => !PublishedOnlyElsewhere(knowledge, hit.Key, province))];
        context.Classification = ReadForProvince(knowledge, context.Classification, province, context.State.DocumentKey);
        if (province is not null)
        {
            context.Classification = [.. context.Classification.Where(l => !PublishedOnlyElsewhere(knowledge, l.Label, province))];
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// True for a province's own procedure with no version in the citizen's province nor a national one: what
    /// Lạng Sơn publishes answers no one in Thanh Hóa.
    /// </summary>
    private static bool PublishedOnlyElsewhere(KnowledgeBase knowledge, string key, string province) =>
        knowledge.SameTitle(key) is var group
        && group.All(k => knowledge.ProvinceOf(k) is { } other && !Knowledge.Text.ProvinceNames.Same(other, province));

    /// <summary>
    /// The classifier's labels with each procedure read as the version <see cref="Choose"/> picks (likelihoods of
    /// labels that become one are added): examples written about one province's version teach the procedure.
    /// </summary>
    private static IReadOnlyList<LabelProbability> ReadForProvince(KnowledgeBase knowledge, IReadOnlyList<LabelProbability> labels, string? province, string? current)
    {
        if (labels.Count == 0 || !labels.Any(l => knowledge.SameTitle(l.Label).Count > 1))
        {
            return labels;
        }
        var read = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
        var order = new List<string>(labels.Count);
        // Every label is read, and the versions of one procedure share one group: each group is chosen once.
        var chosenIn = new Dictionary<IReadOnlyList<string>, string?>(ReferenceEqualityComparer.Instance);
        foreach (var label in labels)
        {
            var group = knowledge.SameTitle(label.Label);
            if (group.Count > 1 && !chosenIn.ContainsKey(group))
            {
                chosenIn[group] = Choose(knowledge, group, province, current);
            }
            var key = group.Count > 1 && chosenIn[group] is { } chosen ? chosen : label.Label;
            if (!read.TryAdd(key, label.Probability))
            {
                read[key] += label.Probability;
                continue;
            }
            order.Add(key);
        }
        return [.. order.Select(k => new LabelProbability(k, read[k])).OrderByDescending(l => l.Probability)];
    }

    /// <summary>The province's own version among these: its document before its catalog card of the same title.</summary>
    private static string? OwnVersion(KnowledgeBase knowledge, IEnumerable<string> keys, string province)
    {
        string? first = null;
        foreach (var key in keys)
        {
            var document = knowledge.FindDocument(key, "vi");
            if (Knowledge.Text.ProvinceNames.Same(KnowledgeBase.ProvinceOf(document), province))
            {
                if (document is Procedure)
                {
                    return key;
                }
                first ??= key;
            }
        }
        return first;
    }

    /// <summary>
    /// The version under discussion, else the citizen's province's, else the national one (when the province is not
    /// known, a catalog card only when no version of the group is a document of ours), else null.
    /// </summary>
    public static string? Choose(KnowledgeBase knowledge, IReadOnlyList<string> group, string? province, string? current)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(group);
        if (current is not null && group.Contains(current))
        {
            return current;
        }
        // A national version with facts of ours wins; a national catalog card does not when we hold some province's
        // own version with its facts: asking the province then gets the citizen the facts where we have them.
        // One pass over the group (it is read for every label the classifier gives).
        string? national = null;
        string? nationalDocument = null;
        var documented = false;
        foreach (var key in group)
        {
            var document = knowledge.FindDocument(key, "vi");
            documented |= document is Procedure;
            if (KnowledgeBase.ProvinceOf(document) is null)
            {
                national ??= key;
                nationalDocument ??= document is Procedure ? key : null;
            }
        }
        if (province is not null)
        {
            // Another province's facts are not the citizen's: their province's version (its document before its catalog
            // card), else the national one.
            return OwnVersion(knowledge, group, province) ?? nationalDocument ?? national;
        }
        return nationalDocument ?? (documented ? null : national);
    }
}
