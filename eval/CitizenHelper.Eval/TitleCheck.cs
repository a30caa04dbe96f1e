using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Import;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Eval;

/// <summary>One procedure asked by one of its names, and what came back.</summary>
public sealed record TitleResult(string Code, string Kind, string Question, Answer Answer, bool Right);

/// <summary>
/// Every commune-level record of the bundled portal records asked by its title: the official Vietnamese title, the
/// same typed without diacritics, and the English title of its document. Right is the procedure itself, one of the
/// same title published by another province, or the question which province, with its province among the buttons.
/// </summary>
public static class TitleCheck
{
    public static async Task<IReadOnlyList<TitleResult>> RunAsync(Evaluator evaluator, string knowledgeRoot)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var knowledge = KnowledgeLoader.Load(knowledgeRoot, TimeProvider.System);
        var titleOf = knowledge.Procedures.Where(p => p.Language == "vi").ToDictionary(p => p.Code, p => Key(p.Title), StringComparer.Ordinal);
        var provinceOf = knowledge.Procedures.Where(p => p.Language == "vi" && p.Province is not null)
            .ToDictionary(p => p.Code, p => ProvinceNames.Plain(p.Province!), StringComparer.Ordinal);
        var questions = new List<EvalQuestion>();
        foreach (var entry in PortalRecordSource.Read(PortalGeneration.RecordsPath(knowledgeRoot)))
        {
            if (entry.Record is not { CommuneLevel: true } record || knowledge.Find(record.Code, "vi") is not { } vi)
            {
                continue;
            }
            questions.Add(new EvalQuestion(record.Code, vi.Title, record.Code, "vi", null));
            questions.Add(new EvalQuestion(record.Code, VietnameseText.Fold(vi.Title), record.Code, "vi-plain", null));
            if (knowledge.Find(record.Code, "en") is { Language: "en" } en)
            {
                questions.Add(new EvalQuestion(record.Code, en.Title, record.Code, "en", null));
            }
        }
        var report = await evaluator.RunAsync(questions).ConfigureAwait(false);
        return [.. report.Results.Select(r =>
        {
            var expected = titleOf[r.Question.Expected];
            var right = r.Answer.Outcome switch
            {
                AnswerOutcome.Answered => r.Answer.ProcedureCode is { } code && titleOf.GetValueOrDefault(code) == expected,
                // "Which province?" with the procedure's own province among the buttons, or a choice between its versions.
                AnswerOutcome.Clarify => r.Answer.Suggestions.Count > 0
                    && ((provinceOf.GetValueOrDefault(r.Question.Expected) is { } province && r.Answer.Suggestions.Any(s => s.Title == province))
                        || r.Top3.Take(2).All(c => titleOf.GetValueOrDefault(c) == expected)),
                _ => false,
            };
            return new TitleResult(r.Question.Expected, r.Question.Kind, r.Question.Question, r.Answer, right);
        })];
    }

    /// <summary>A title as a key: diacritics folded, punctuation and case dropped ("…đa mục đích; gia hạn…" = "…đa mục đích, gia hạn…").</summary>
    public static string Key(string title) =>
        string.Join(' ', VietnameseText.Fold(title).Split((char[])[' ', ',', ';', '.', ':', '(', ')', '"', '“', '”', '-', '–'], StringSplitOptions.RemoveEmptyEntries));
}
