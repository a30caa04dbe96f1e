using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Eval;

/// <summary>One evaluation question: what a citizen types, and which document should answer (or "none").</summary>
public sealed record EvalQuestion(string Id, string Question, string Expected, string Kind, string? Previous);

/// <summary>What happened to one question.</summary>
/// <param name="LanguageFollowed">
/// False when a <c>language-switch</c> row was answered in the language of the turn before it: the citizen changed
/// language, so the answer must too.
/// </param>
/// <param name="AfterTap">
/// For a clarifying question: the answer after the citizen taps the button that names the expected procedure or its
/// province (null when there is no such button, or the answer was not a clarifying question).
/// </param>
public sealed record EvalResult(EvalQuestion Question, Answer Answer, IReadOnlyList<string> Top3, bool FactsFromDocument, bool LanguageFollowed = true, Answer? AfterTap = null);

/// <summary>The figures the README reports and CI holds a floor on.</summary>
public sealed record EvalReport(IReadOnlyList<EvalResult> Results)
{
    public const string None = "none";

    /// <summary>The kind of a conversation row whose second turn is in another language than the first (eval/conversations.tsv).</summary>
    public const string LanguageSwitch = "language-switch";

    private IEnumerable<EvalResult> Answerable => Results.Where(r => r.Question.Expected != None);
    private IEnumerable<EvalResult> OutOfScope => Results.Where(r => r.Question.Expected == None);

    /// <summary>Share of answerable questions answered from the expected document.</summary>
    public double Top1 => Share(Answerable, IsRight);

    /// <summary>Share of answerable questions whose expected document is among the first three candidates (or the clarifying choices).</summary>
    public double Top3 => Share(Answerable, r => IsRight(r) || r.Top3.Contains(r.Question.Expected));

    /// <summary>Share of out-of-scope questions the bot did not answer (handed to staff or small talk).</summary>
    public double Abstention => Share(OutOfScope, r => r.Answer.Outcome is not (AnswerOutcome.Answered or AnswerOutcome.Clarify));

    /// <summary>Share of answerable questions handed to staff although the knowledge base had the answer.</summary>
    public double FalseAbstention => Share(Answerable, r => r.Answer.Outcome == AnswerOutcome.Escalated);

    /// <summary>Answers carrying a number that is not in their cited document (must be zero).</summary>
    public int InventedFacts => Results.Count(r => !r.FactsFromDocument);

    public static bool IsRight(EvalResult r) =>
        r.Answer.Outcome == AnswerOutcome.Answered && r.Answer.DocumentKey == r.Question.Expected && r.LanguageFollowed;

    /// <summary>Right first, or a clarifying question whose right button then gives the expected document.</summary>
    public static bool IsRightAfterTap(EvalResult r) =>
        IsRight(r) || (r.AfterTap is { Outcome: AnswerOutcome.Answered } tapped && tapped.DocumentKey == r.Question.Expected);

    public string Format()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"questions {Results.Count} (answerable {Answerable.Count()}, out-of-scope {OutOfScope.Count()})\n");
        text.Append(CultureInfo.InvariantCulture, $"top-1 {Top1:P1}  top-3 {Top3:P1}  out-of-scope abstention {Abstention:P1}  false abstention {FalseAbstention:P1}  invented facts {InventedFacts}\n");
        foreach (var kind in Results.GroupBy(r => r.Question.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var right = kind.Count(r => r.Question.Expected == None ? r.Answer.Outcome is not (AnswerOutcome.Answered or AnswerOutcome.Clarify) : IsRight(r));
            text.Append(CultureInfo.InvariantCulture, $"  {kind.Key,-13} {right,3}/{kind.Count(),-3} {(double)right / kind.Count():P0}\n");
        }
        return text.ToString();
    }

    public IEnumerable<string> Misses() => Results
        .Where(r => r.Question.Expected == None ? r.Answer.Outcome is AnswerOutcome.Answered or AnswerOutcome.Clarify : !IsRight(r))
        .Select(r => $"{r.Question.Id} [{r.Question.Kind}] \"{r.Question.Question}\" expected {r.Question.Expected}, got {AnswerOutcomeName(r.Answer)} {r.Answer.DocumentKey} in {r.Answer.Language} (top-3: {string.Join(", ", r.Top3)}){(r.Answer.DocumentKey is null && r.Answer.Outcome is AnswerOutcome.Answered or AnswerOutcome.Clarify ? $": {r.Answer.Text.ReplaceLineEndings(" ")[..Math.Min(160, r.Answer.Text.Length)]} [{string.Join(" | ", r.Answer.Suggestions.Select(s => s.Value))}]" : "")}");

    private static string AnswerOutcomeName(Answer a) => a.Outcome.ToString().ToLowerInvariant();

    private static double Share(IEnumerable<EvalResult> results, Func<EvalResult, bool> predicate)
    {
        var list = results.ToList();
        return list.Count == 0 ? 1 : (double)list.Count(predicate) / list.Count;
    }
}

/// <summary>Runs the evaluation questions through the answering pipeline exactly as the service wires it (no LLM).</summary>
public sealed class Evaluator : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="knowledgeRoot">The knowledge folder.</param>
    /// <param name="catalog">
    /// Load the national catalog the folder bundles (<see cref="Knowledge.KnowledgeLoader.BundledCatalog"/>), as the
    /// service does by default.
    /// </param>
    /// <param name="loaded">The knowledge base already loaded from that folder (tests share one), or null to load it.</param>
    public Evaluator(string knowledgeRoot, bool catalog = true, KnowledgeProvider? loaded = null)
    {
        var catalogPath = Path.Combine(knowledgeRoot, Knowledge.KnowledgeLoader.BundledCatalog);
        catalogPath = catalog && File.Exists(catalogPath) ? catalogPath : null;
        var services = PipelineServices.Create(knowledgeRoot, catalogPath);
        if (loaded is not null)
        {
            services.AddSingleton(loaded);
        }
        _services = services.BuildServiceProvider();
    }

    /// <summary>The search index in use, for looking at scores directly.</summary>
    public KnowledgeIndex Index => _services.GetRequiredService<KnowledgeProvider>().Current.Index;

    /// <summary>The question classifier in use (null when the knowledge base has no example questions).</summary>
    public Answering.Understanding.QuestionClassifier? Classifier => _services.GetRequiredService<KnowledgeProvider>().Current.Classifier;

    /// <summary>Reads a question file; a follow-up's <c>previous</c> is the earlier question's text or its id.</summary>
    public static IReadOnlyList<EvalQuestion> Read(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var byId = rows.ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return [.. rows.Select(f => new EvalQuestion(f[0], f[1], f[2], f[3],
            f.Length > 4 && f[4].Length > 0 ? byId.GetValueOrDefault(f[4], f[4]) : null))];
    }

    public async Task<EvalReport> RunAsync(IReadOnlyList<EvalQuestion> questions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var pipeline = _services.GetRequiredService<AnswerPipeline>();
        var knowledge = _services.GetRequiredService<KnowledgeProvider>();
        var results = new List<EvalResult>();
        foreach (var question in questions)
        {
            var state = ConversationState.New;
            Answer? first = null;
            if (question.Previous is { } previous)
            {
                (first, state) = await pipeline.AnswerAsync(new Question(previous, null, question.Id), state, cancellationToken).ConfigureAwait(false);
            }
            (var answer, state) = await pipeline.AnswerAsync(new Question(question.Question, null, question.Id), state, cancellationToken).ConfigureAwait(false);
            Answer? afterTap = null;
            if (answer.Outcome == AnswerOutcome.Clarify && RightButton(answer, question.Expected, knowledge.Current.Base) is { } button)
            {
                (afterTap, _) = await pipeline.AnswerAsync(new Question(button, null, question.Id), state, cancellationToken).ConfigureAwait(false);
            }
            var top3 = knowledge.Current.Index.Search(question.Question, 3).Select(s => s.Key).ToList();
            var document = answer.DocumentKey is { } key ? knowledge.Current.Base.FindDocument(key, answer.Language) : null;
            var factsFromDocument = answer.Outcome != AnswerOutcome.Answered || (document is not null && CheckStep.NumbersComeFrom(answer.Text, document));
            var languageFollowed = question.Kind != EvalReport.LanguageSwitch || first is null || answer.Language != first.Language;
            results.Add(new EvalResult(question, answer, top3, factsFromDocument, languageFollowed, afterTap));
            if (Environment.GetEnvironmentVariable("CITIZENHELPER_EVAL_DUMP") is { Length: > 0 } dump)
            {
                await File.AppendAllTextAsync(dump, Signals(question, answer, knowledge.Current) + "\n", cancellationToken).ConfigureAwait(false);
            }
        }
        return new EvalReport(results);
    }

    /// <summary>
    /// The button of a clarifying question a citizen who meant the expected procedure would tap: its title, or its
    /// province when the question asks which province's version is meant.
    /// </summary>
    private static string? RightButton(Answer answer, string expected, Knowledge.KnowledgeBase knowledge)
    {
        if ((knowledge.FindDocument(expected, answer.Language) ?? knowledge.FindDocument(expected, "vi")) is not { } document)
        {
            return null;
        }
        var names = new[] { document.Title, knowledge.ProvinceOf(expected) is { } province ? ProvinceNames.Plain(province) : null }.OfType<string>();
        return answer.Suggestions.Select(s => s.Value)
            .FirstOrDefault(value => names.Any(n => string.Equals(VietnameseText.Fold(n), VietnameseText.Fold(value), StringComparison.Ordinal)));
    }

    /// <summary>
    /// One JSON line of what decided a question (CITIZENHELPER_EVAL_DUMP=file): the retriever's five candidates and the
    /// classifier's five labels on the text as the pipeline reads it, and what was answered; for trying decision rules
    /// on a saved run instead of a new one.
    /// </summary>
    private static string Signals(EvalQuestion question, Answer answer, KnowledgeSnapshot current)
    {
        var text = AnswerPipeline.ReadAs(GuardStep.Clean(question.Question), current.Index);
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            id = question.Id,
            kind = question.Kind,
            expected = question.Expected,
            outcome = answer.Outcome.ToString(),
            answered = answer.DocumentKey,
            escalation = answer.EscalationReason?.ToString(),
            refusal = answer.Refusal?.ToString(),
            question = question.Question,
            outOfScope = OutOfScope.Detect(text).ToString(),
            outOfScopeContext = OutOfScope.Detect(text, includeContext: true).ToString(),
            retrieved = current.Index.Search(text, 5).Select(h => new { key = h.Key, score = Math.Round(h.Score, 3), coverage = Math.Round(h.Coverage, 3) }),
            ranked = Ranked(text, current),
            classified = (current.Classifier?.Classify(text) ?? []).Take(5).Select(l => new { label = l.Label, p = Math.Round(l.Probability, 4) }),
        });
    }

    /// <summary>The candidate ranker's probability for each of the retriever's candidates, grouped as the ranker weighs them.</summary>
    private static object[] Ranked(string text, KnowledgeSnapshot current)
    {
        if (current.Ranker is not { } ranker)
        {
            return [];
        }
        var candidates = CandidateRanker.Grouped(current.Index.Search(text, CandidateRanker.Candidates), current.Base);
        var probabilities = ranker.Value.Rank(text, candidates, current.Base, current.Index);
        return [.. candidates.Zip(probabilities).Select(c => new
        {
            key = c.First.Key,
            examples = current.Base.HasExamplesFor(c.First.Key),
            p = Math.Round(c.Second, 4),
        })];
    }

    public void Dispose() => _services.Dispose();
}
