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
/// like a tie between different procedures.
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
            && pending.FirstOrDefault(k => Knowledge.Text.ProvinceNames.Same(knowledge.ProvinceOf(k), named)) is { } picked)
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
        context.Candidates = kept;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The version under discussion, else the citizen's province's, else the national one (a catalog card only when
    /// no version of the group is a document of ours), else null.
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
        var national = group.Where(k => knowledge.ProvinceOf(k) is null).ToList();
        var documented = group.Any(k => knowledge.FindDocument(k, "vi") is Procedure);
        return (province is null ? null : group.FirstOrDefault(k => Knowledge.Text.ProvinceNames.Same(knowledge.ProvinceOf(k), province)))
            ?? national.FirstOrDefault(k => knowledge.FindDocument(k, "vi") is Procedure)
            ?? (documented ? null : national.FirstOrDefault());
    }
}
