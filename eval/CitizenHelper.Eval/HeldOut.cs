using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Text;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Eval;

/// <summary>
/// Held-out evaluation by document: the example questions are split into folds by the procedure they ask about, and
/// each fold's questions are answered by a pipeline trained without any example of those procedures. What picks them
/// is then only what the documents themselves say (titles, everyday names, situations, sections) and what was learned
/// from other procedures' questions: the figure that says how the bot does on a procedure added tomorrow.
/// Out-of-scope examples are split into folds by question. Each question is also asked as a citizen with the keyboard
/// in the wrong mode would type it (Telex or VNI leftovers), and every result is counted in the slices it belongs to.
/// </summary>
public static partial class HeldOut
{
    public static async Task<IReadOnlyList<EvalResult>> RunAsync(string knowledgeRoot, int folds, bool catalog = true, bool typedToo = true, int? only = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (only is < 0 || only >= folds)
        {
            throw new ArgumentOutOfRangeException(nameof(only), $"fold {only} is not one of 0 to {folds - 1}");
        }
        var examples = SingleTurnExamples(knowledgeRoot);
        var results = new List<EvalResult>();
        for (var fold = 0; fold < folds; fold++)
        {
            if (only is not null && fold != only)
            {
                continue;
            }
            var root = Directory.CreateTempSubdirectory("held-out-").FullName;
            try
            {
                CrossValidation.CopyWithoutExamples(knowledgeRoot, root);
                var training = examples.Where(q => FoldOf(q, folds) != fold);
                Directory.CreateDirectory(Path.Combine(root, KnowledgeLoader.ExamplesFolder));
                await File.WriteAllLinesAsync(Path.Combine(root, KnowledgeLoader.ExamplesFolder, "training.tsv"),
                    ["id\tquestion\texpected\tkind\tprevious", .. training.Select((q, i) => string.Create(CultureInfo.InvariantCulture, $"t{i}\t{q.Question}\t{q.Expected}\t{q.Kind}\t"))]).ConfigureAwait(false);
                using var evaluator = new Evaluator(root, catalog);
                var held = examples.Where(q => FoldOf(q, folds) == fold).ToList();
                var typed = held.Where(q => typedToo && q.Kind is "vi" or "colloquial" && VietnameseText.HasVietnameseMarks(q.Question))
                    .SelectMany(q => new[]
                    {
                        q with { Id = q.Id + "-telex", Question = Telex(q.Question), Kind = "telex" },
                        q with { Id = q.Id + "-vni", Question = Vni(q.Question), Kind = "vni" },
                    });
                var report = await evaluator.RunAsync([.. held, .. typed]).ConfigureAwait(false);
                results.AddRange(report.Results);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
        return results;
    }

    /// <summary>The example questions that stand alone (a follow-up needs its conversation), in file order.</summary>
    internal static List<EvalQuestion> SingleTurnExamples(string knowledgeRoot) =>
        [.. Directory.GetFiles(Path.Combine(knowledgeRoot, KnowledgeLoader.ExamplesFolder), "*.tsv")
            .Order(StringComparer.Ordinal)
            .SelectMany(Evaluator.Read)
            .Where(q => q.Previous is null)];

    /// <summary>
    /// The knowledge base copied into <paramref name="root"/> with only the other folds' examples, loaded as the
    /// service loads it (with the national catalog when it is bundled).
    /// </summary>
    internal static async Task<KnowledgeBase> LoadTrainingCopyAsync(string knowledgeRoot, string root, IEnumerable<EvalQuestion> examples, int folds, int fold)
    {
        CrossValidation.CopyWithoutExamples(knowledgeRoot, root);
        Directory.CreateDirectory(Path.Combine(root, KnowledgeLoader.ExamplesFolder));
        await File.WriteAllLinesAsync(Path.Combine(root, KnowledgeLoader.ExamplesFolder, "training.tsv"),
            ["id\tquestion\texpected\tkind\tprevious", .. examples.Where(q => FoldOf(q, folds) != fold).Select((q, i) => string.Create(CultureInfo.InvariantCulture, $"t{i}\t{q.Question}\t{q.Expected}\t{q.Kind}\t"))]).ConfigureAwait(false);
        var catalog = Path.Combine(knowledgeRoot, KnowledgeLoader.BundledCatalog);
        return KnowledgeLoader.Load(root, TimeProvider.System, File.Exists(catalog) ? catalog : null);
    }

    /// <summary>
    /// The candidate ranker alone on one fold: how often the retriever's first candidate, and the ranker's, is the held-out
    /// question's procedure (any province's version), with the ranker trained without that fold's examples. Seconds
    /// instead of minutes: no classifier, no pipeline. With <paramref name="dump"/>, each question's candidates, their
    /// features and the ranker's probabilities as a JSON line, to try a use of them on a saved run.
    /// </summary>
    public static async Task<string> RankCheckAsync(string knowledgeRoot, int folds, int fold, string? dump)
    {
        var examples = SingleTurnExamples(knowledgeRoot);
        var root = Directory.CreateTempSubdirectory("rank-check-").FullName;
        try
        {
            var knowledge = await LoadTrainingCopyAsync(knowledgeRoot, root, examples, folds, fold).ConfigureAwait(false);
            var index = Answering.Retrieval.KnowledgeIndex.Build(knowledge);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var ranker = CandidateRanker.Train(knowledge, index);
            var trained = started.Elapsed;
            int retrieverRight = 0, rankerRight = 0, reachable = 0, answerable = 0;
            var lines = new List<string>();
            foreach (var q in examples.Where(q => FoldOf(q, folds) == fold))
            {
                var candidates = CandidateRanker.Grouped(index.Search(q.Question, CandidateRanker.Candidates), knowledge);
                var right = q.Expected == EvalReport.None ? [] : knowledge.SameTitle(q.Expected);
                var scores = ranker.Rank(q.Question, candidates, knowledge, index);
                if (dump is not null)
                {
                    var features = CandidateRanker.Features(q.Question, candidates, knowledge, index);
                    lines.Add(System.Text.Json.JsonSerializer.Serialize(new { id = q.Id, kind = q.Kind, expected = q.Expected, keys = candidates.Select(c => c.Key), right = candidates.Select(c => right.Contains(c.Key)), exampled = candidates.Select(c => knowledge.HasExamplesFor(c.Key)), features, scores }));
                }
                if (q.Expected == EvalReport.None)
                {
                    continue;
                }
                answerable++;
                reachable += candidates.Any(c => right.Contains(c.Key)) ? 1 : 0;
                retrieverRight += candidates.Count > 0 && right.Contains(candidates[0].Key) ? 1 : 0;
                var best = scores.Count == 0 ? -1 : scores.Select((s, i) => (s, i)).MaxBy(p => p.s).i;
                rankerRight += best >= 0 && right.Contains(candidates[best].Key) ? 1 : 0;
            }
            if (dump is not null)
            {
                await File.WriteAllLinesAsync(dump, lines).ConfigureAwait(false);
            }
            return string.Create(CultureInfo.InvariantCulture,
                $"fold {fold}: {answerable} answerable; retriever first {(double)retrieverRight / answerable:P1}, ranker first {(double)rankerRight / answerable:P1}, among the candidates {(double)reachable / answerable:P1}; trained in {trained.TotalSeconds:F1} s\nweights: {string.Join(", ", CandidateRanker.FeatureNames.Zip(ranker.Weights, (n, w) => $"{n} {w:F2}"))}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The fold of a question: by its procedure (every question about one procedure in the same fold), or by its own
    /// text for an out-of-scope one. Stable hashes, so the folds are the same on every run and every machine.
    /// </summary>
    public static int FoldOf(EvalQuestion question, int folds)
    {
        ArgumentNullException.ThrowIfNull(question);
        var key = question.Expected == EvalReport.None ? "none\t" + question.Question : question.Expected;
        return (int)(Fnv(key) % (ulong)folds);
    }

    /// <summary>The slices a question belongs to, from its kind and its text.</summary>
    public static IEnumerable<string> SlicesOf(EvalQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = question.Question;
        if (question.Expected == EvalReport.None)
        {
            yield return "out-of-scope";
            yield break;
        }
        if (question.Kind is "telex" or "vni")
        {
            yield return question.Kind; // a copy of a question counted in "all" already
            yield break;
        }
        yield return "all";
        switch (question.Kind)
        {
            case "en":
                yield return "english";
                break;
            case "typo":
                yield return "typos";
                break;
            case "colloquial":
                yield return "colloquial";
                break;
        }
        if (question.Kind != "en" && !VietnameseText.HasVietnameseMarks(text))
        {
            yield return "no-diacritics";
        }
        if (VietnameseText.Syllables(text).Any(Abbreviations.Contains))
        {
            yield return "abbreviations";
        }
        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 25 || SentenceEnd().IsMatch(text.TrimEnd('.', '?', '!', ' ')))
        {
            yield return "narratives";
        }
        if (Facets.Detect(text).Count > 0)
        {
            yield return "facets";
        }
        if (VietnameseText.ProcedureCodes(text).Any())
        {
            yield return "codes";
        }
    }

    public static string Format(IReadOnlyList<EvalResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        var slices = results.SelectMany(r => SlicesOf(r.Question).Select(s => (Slice: s, Result: r)))
            .GroupBy(p => p.Slice, p => p.Result)
            .OrderBy(g => g.Key == "all" ? 0 : g.Key == "out-of-scope" ? 1 : 2).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var right = slice.Count(IsRight);
            var measure = slice.Key == "out-of-scope" ? "declined" : "right procedure first";
            text.Append(CultureInfo.InvariantCulture, $"  {slice.Key,-14} {right,5}/{slice.Count(),-5} {(double)right / slice.Count(),6:P1}  {measure}");
            if (slice.Key != "out-of-scope")
            {
                // A question that cannot be answered without the province, or between near-identical procedures, is
                // rightly asked back with buttons: counted apart, never in the figure above.
                var tapped = slice.Count(EvalReport.IsRightAfterTap);
                text.Append(CultureInfo.InvariantCulture, $"; {(double)tapped / slice.Count(),6:P1} with one tap on the right button");
            }
            text.Append('\n');
        }
        var invented = results.Count(r => !r.FactsFromDocument);
        text.Append(CultureInfo.InvariantCulture, $"  invented facts {invented}\n");
        return text.ToString();
    }

    public static bool IsRight(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Question.Expected == EvalReport.None
            ? result.Answer.Outcome is not (AnswerOutcome.Answered or AnswerOutcome.Clarify)
            : EvalReport.IsRight(result);
    }

    // Chat shorthand citizens type for papers and procedures (folded); a question with one is in the "abbreviations" slice.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "cccd", "cmnd", "cmt", "ks", "gks", "kt", "kh", "dkkh", "dkks", "dk", "dki", "dky", "dc", "ko", "k", "kg", "khg",
        "hk", "sd", "gcn", "qsdd", "gpxd", "bhyt", "bhxh", "btxh", "ubnd", "kt1", "kt2", "kt3", "kt4", "bn", "ntn", "j",
        "vk", "ck", "e", "mn", "ng", "trc", "bjo", "bgio", "vs", "mk", "lltp", "gplx", "dvc", "tthc", "hkd", "dkkd", "gxn", "xn",
    };

    [GeneratedRegex(@"[.?!]\s+\p{L}")]
    private static partial Regex SentenceEnd();

    /// <summary>
    /// The text as typed on a keyboard whose Vietnamese input is off: each mark as its Telex keys after the letter or
    /// the word ("đăng ký" → "ddawng kys"). Every other word keeps a plain "d" for "đ", as people half-typing do.
    /// </summary>
    public static string Telex(string text) => Typed(text, "aa", "aw", "ee", "oo", "ow", "uw", "dd", ["s", "f", "r", "x", "j"]);

    /// <summary>As <see cref="Telex"/>, with the VNI digit keys ("đăng ký" → "d9a8ng ky1").</summary>
    public static string Vni(string text) => Typed(text, "a6", "a8", "e6", "o6", "o7", "u7", "d9", ["1", "2", "3", "4", "5"]);

    private static string Typed(string text, string circumflexA, string breveA, string circumflexE, string circumflexO, string hornO, string hornU, string barredD, string[] tones)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var output = new StringBuilder();
        string? tone = null;
        var words = 0;
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            switch (c)
            {
                case '\u0301': tone = tones[0]; continue;
                case '\u0300': tone = tones[1]; continue;
                case '\u0309': tone = tones[2]; continue;
                case '\u0303': tone = tones[3]; continue;
                case '\u0323': tone = tones[4]; continue;
                case '\u0302' or '\u0306' or '\u031B': continue; // written with the letter before
            }
            if (!char.IsLetter(c))
            {
                if (tone is not null)
                {
                    output.Append(tone);
                    tone = null;
                }
                output.Append(c);
                continue;
            }
            if (i == 0 || !char.IsLetter(decomposed[i - 1]) && CharUnicodeInfo.GetUnicodeCategory(decomposed[i - 1]) != UnicodeCategory.NonSpacingMark)
            {
                words++;
            }
            var lower = char.ToLowerInvariant(c);
            var mark = MarkAfter(decomposed, i);
            var keys = (lower, mark) switch
            {
                ('a', '\u0302') => circumflexA,
                ('a', '\u0306') => breveA,
                ('e', '\u0302') => circumflexE,
                ('o', '\u0302') => circumflexO,
                ('o', '\u031B') => hornO,
                ('u', '\u031B') => hornU,
                ('đ', _) => words % 2 == 0 ? barredD : "d",
                _ => lower.ToString(),
            };
            output.Append(char.IsUpper(c) ? char.ToUpperInvariant(keys[0]) + keys[1..] : keys);
        }
        if (tone is not null)
        {
            output.Append(tone);
        }
        return output.ToString();
    }

    // The shape mark (circumflex, breve, horn) among the combining marks that follow a letter, if any.
    private static char MarkAfter(string decomposed, int letter)
    {
        for (var j = letter + 1; j < decomposed.Length && CharUnicodeInfo.GetUnicodeCategory(decomposed[j]) == UnicodeCategory.NonSpacingMark; j++)
        {
            if (decomposed[j] is '\u0302' or '\u0306' or '\u031B')
            {
                return decomposed[j];
            }
        }
        return '\0';
    }

    internal static ulong Fnv(string text)
    {
        var hash = 14695981039346656037;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }
        return hash;
    }
}
