using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>What the steps of the answering pipeline know about one question, filled in step by step.</summary>
public sealed class AnswerContext(Question question, ConversationState state, KnowledgeSnapshot knowledge)
{
    /// <summary>The question as the steps read it: cleaned, personal identifiers taken out.</summary>
    public Question Question { get; } = question;

    /// <summary>The message as the citizen sent it (control characters dropped), for the staff's record.</summary>
    public string OriginalText { get; init; } = question.Text;
    public ConversationState State { get; set; } = state;
    public KnowledgeSnapshot Knowledge { get; } = knowledge;

    public string Language { get; set; } = Languages.Vietnamese;
    public IReadOnlyList<string> Facets { get; set; } = [];

    /// <summary>The approved question-and-answer item of the document's notes that answers the question (<see cref="FaqStep"/>).</summary>
    public string? FaqLine { get; set; }

    /// <summary>A language other than Vietnamese and English the citizen wants answers in (from a choice or the locale), else null.</summary>
    public string? RequestedLanguage { get; set; }
    public SmallTalkKind SmallTalk { get; set; }
    public IReadOnlyList<DocumentHit> Candidates
    {
        get;
        set
        {
            field = value;
            FirstCandidateLikelihood = null; // the ranker's probability was for the candidates before
        }
    } = [];

    /// <summary>
    /// How likely the candidate ranker finds the first of <see cref="Candidates"/> right, once a step has asked
    /// (<see cref="RankStep.Vouches"/>; several steps ask); null until then, and again when the candidates change.
    /// </summary>
    public double? FirstCandidateLikelihood { get; set; }

    /// <summary>The question classifier's labels (document keys or none), most likely first.</summary>
    public IReadOnlyList<LabelProbability> Classification { get; set; } = [];

    /// <summary>The document the answer is about (procedure code or <c>help/ID</c>), once decided.</summary>
    public string? DocumentKey { get; set; }

    /// <summary>Set when a guardrail refuses the request (the refusal is still recorded for staff).</summary>
    public Refusal? Refusal { get; set; }

    /// <summary>Set when the question must go to staff.</summary>
    public EscalationReason? Escalation { get; set; }

    /// <summary>An answer composed but not yet checked.</summary>
    public Answer? Draft { get; set; }

    /// <summary>Set by the step that answers; the pipeline stops at the first step that leaves one.</summary>
    public Answer? Answer { get; set; }
}

/// <summary>One small step of the answering pipeline.</summary>
public interface IAnswerStep
{
    ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken);
}
