using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Text;
using CitizenHelper.Answering.Understanding;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Pipeline;

// Over 300 lines on purpose: the decision rules are read in the order they are tried, which is the behaviour.
/// <summary>
/// Decides what the message is about: one procedure (or the one already under discussion, for a follow-up such
/// as "còn lệ phí thì sao?"), a tie worth a clarifying question, small talk, or nothing we can answer.
/// </summary>
public sealed class DecideStep(IOptions<AnsweringOptions> options) : IAnswerStep
{
    private const int MaxChoices = 4;

    // A topic the knowledge base does not cover is only context when the classifier is this sure of the best candidate:
    // higher than for choosing between documents, since "cưới" next to "xem tuổi" is still fortune-telling.
    private const double OutOfScopeOverride = 0.8;

    // How sure the classifier must be to set aside a name match with a document nobody has written an example question
    // for: it learned how citizens ask about the others, so its preference for one of those is weak evidence against a
    // document it knows only from the document's own text (held out by procedure: 55 → 65 % right on one fold).
    private const double UnseenClassifierSure = 0.9;

    // A name match this good stands even when the classifier finds the question is about nothing of ours.
    private const double NameBeyondDoubt = 0.9;

    // A catalog entry named this well is meant, whatever the classifier learned about questions we have no document for.
    private const double CatalogNameSure = 0.6;

    // Below the floor, only the retriever's first few candidates can be confirmed by the classifier.
    private const int SupportedCandidates = 3;

    // How many times likelier than the best candidate "no document" must be to set a name match aside.
    private const double NoneLeadMargin = 1.1;

    // With a word pointing back ("cái đó"), another document must match about this well to take over.
    private const double ReferringSwitchScore = 0.85;

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is not null || context.DocumentKey is not null)
        {
            return ValueTask.CompletedTask; // escalating, or decided already (the province's version, ProvinceStep)
        }
        var alternatives = context.State.Alternatives;
        var rejected = SetAsideRejected(context);
        Decide(context);
        if (rejected is not null && context.DocumentKey is null && Corrections.NamesNothing(context.Question.Text))
        {
            // "Không phải cái đó": what else the question before may have meant, as buttons, rather than a guess.
            AskWhatWasMeant(context, [.. alternatives.Where(a => a != rejected)]);
        }
        RememberAlternatives(context);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A correction ("không phải, ý tôi là…", "no, I meant…") rejects the document under discussion: it is no longer
    /// the topic, nor a candidate for this message. Returns the rejected document, or null when the message is no correction.
    /// </summary>
    private static string? SetAsideRejected(AnswerContext context)
    {
        if (context.State.DocumentKey is not { } current || !Corrections.Detect(context.Question.Text))
        {
            return null;
        }
        context.State = context.State with { DocumentKey = null, PendingChoices = [], Alternatives = [] };
        if (Corrections.NamesNothing(context.Question.Text))
        {
            // Its words name nothing ("không phải" is also in "không phải xin phép", a land procedure's title).
            context.Candidates = [];
            context.Classification = [];
            return current;
        }
        context.Candidates = [.. context.Candidates.Where(c => c.Key != current)];
        context.Classification = [.. context.Classification.Where(l => l.Label != current)];
        return current;
    }

    private static void AskWhatWasMeant(AnswerContext context, IReadOnlyList<string> alternatives)
    {
        if (alternatives.Count == 0)
        {
            return; // nothing else it could have been: staff ask
        }
        context.Escalation = null;
        context.Answer = null;
        AskWhichOne(context, [.. alternatives.Take(MaxChoices).Select(key => (key, key))]);
    }

    /// <summary>What else a newly chosen document's question may have meant, for a later "không phải cái đó".</summary>
    private static void RememberAlternatives(AnswerContext context)
    {
        if (context.DocumentKey is { } chosen && chosen != context.State.DocumentKey)
        {
            context.State = context.State with
            {
                Alternatives = [.. context.Candidates.Select(c => c.Key).Where(k => k != chosen).Distinct(StringComparer.Ordinal).Take(MaxChoices)],
            };
        }
    }

    private void Decide(AnswerContext context)
    {
        // A topic the knowledge base does not cover ("ngày nào thì tốt", "với người Hàn Quốc") overrides a match
        // on the procedure words around it, unless the best candidate itself names or mentions it anywhere (a
        // procedure's own papers: "hộ chiếu", "hợp đồng thế chấp"; with national coverage many such words are ours).
        var top = context.Candidates.Count > 0 ? context.Candidates[0].Key : null;
        var index = context.Knowledge.Index;
        var outOfScope = OutOfScope.Detect(context.Question.Text, phrase => top is not null && (index.Names(top, phrase) || index.Mentions(top, phrase)));
        if (outOfScope != OutOfScopeKind.None && !TopicIsContext(context, outOfScope == OutOfScopeKind.OtherProcedure))
        {
            if (outOfScope == OutOfScopeKind.OtherProcedure && CatalogEntryFor(context) is { } entry)
            {
                // Another office's procedure ("làm hộ chiếu đi Hàn Quốc"): the national catalog names it and its office.
                context.DocumentKey = entry;
                return;
            }
            DecideOutOfScope(context, outOfScope);
            return;
        }
        var settings = options.Value;
        var strong = context.Candidates.Where(c => c.Coverage >= settings.MinCoverage && c.Score >= settings.MinScore).ToList();
        var pending = strong.Where(c => context.State.PendingChoices.Contains(c.Key)).ToList();
        if (pending.Count > 0)
        {
            strong = pending;
        }

        if (IsFollowUp(context, strong))
        {
            context.DocumentKey = context.State.DocumentKey;
        }
        else if (strong.Count == 0)
        {
            DecideWithoutMatch(context);
        }
        else if (strong.Count > 1 && strong[1].Score >= strong[0].Score - settings.TieMargin && (pending.Count > 0 || !NoneOverrules(context, strong[0])))
        {
            // A tie between names is asked about only when one of them may be meant: where the classifier finds that
            // no document answers (a transfer after a sale ties two land registrations by their words), the question
            // is decided as a single match is, below; the reply to a clarifying question is always read as a choice.
            var choices = strong.TakeWhile(c => c.Score >= strong[0].Score - settings.TieMargin).Take(MaxChoices).ToList();
            if (Learned(context) is { } learned && learned.Probability >= settings.ClassifierTieBreak && choices.Any(c => c.Key == learned.Label))
            {
                context.DocumentKey = learned.Label;
            }
            else if (RankStep.Vouches(context, RankStep.OverDoubt) is { } first && choices.Any(c => c.Key == first))
            {
                context.DocumentKey = first; // a document without examples, which the classifier cannot break the tie for
            }
            else
            {
                AskWhichOne(context, [.. choices.Select(c => (c.Key, c.Title))]);
            }
        }
        else
        {
            // Names alone can mislead ("lấy lại bản sao giấy khai sinh" names birth registration); the classifier,
            // which learned from how citizens ask, overrides when it is sure — also when it is sure no document
            // answers ("xây nhà không phép bị phạt bao nhiêu"), unless the name match is beyond doubt.
            if (NoneOverrules(context, strong[0]))
            {
                if (CatalogEntryFor(context) is { } entry)
                {
                    context.DocumentKey = entry;
                    return;
                }
                DecideWithoutMatch(context);
            }
            else
            {
                var sure = context.Knowledge.Base.HasExamplesFor(strong[0].Key) ? settings.ClassifierSure : UnseenClassifierSure;
                context.DocumentKey = Learned(context) is { } learned && learned.Probability >= sure ? learned.Label : strong[0].Key;
            }
        }
    }

    /// <summary>
    /// A follow-up ("mỗi bản bao nhiêu tiền?", "có cần xét nghiệm ADN không?") stays with the document under
    /// discussion when it names a facet or that document accounts for its words — unless it clearly names another.
    /// </summary>
    private bool IsFollowUp(AnswerContext context, List<DocumentHit> strong)
    {
        if (context.State.DocumentKey is not { } current || context.State.PendingChoices.Count > 0)
        {
            return false;
        }
        // "Cái đó làm trên mạng được không?" is about the procedure under discussion, though "làm trên mạng" names the
        // online-portal help topic: a word pointing back raises the bar for moving to another document. So does a
        // facet a help topic shares ("online được không?" after a procedure asks whether that one is done online).
        var helpTakesFacet = strong.Count > 0 && IsHelpTopic(strong[0].Key) && !IsHelpTopic(current) && context.Facets.Count > 0;
        var switchScore = References.RefersBack(context.Question.Text) || helpTakesFacet
            ? Math.Max(options.Value.FollowUpSwitchScore, ReferringSwitchScore)
            : options.Value.FollowUpSwitchScore;
        // A name shared by two procedures ("giấy chứng nhận" after a business registration) is not enough to move: the
        // classifier must pick that document too (as surely as it must to break a tie), or be sure of another one,
        // unless the match is beyond doubt.
        var learned = Learned(context);
        var namesAnother = strong.Count > 0 && strong[0].Key != current && strong[0].Score >= switchScore
            && (context.Classification.Count == 0 || strong[0].Score >= ReferringSwitchScore
                || (learned is { } agrees && agrees.Label == strong[0].Key && agrees.Probability >= options.Value.ClassifierTieBreak)
                || (learned is { } sure && sure.Label != current && sure.Probability >= options.Value.ClassifierSure));
        return !namesAnother && Continues(context, current);
    }

    /// <summary>
    /// True when the message can be about the document under discussion — it asks a facet ("lệ phí bao nhiêu?"),
    /// points back ("cái đó"), asks the same of something else ("thế còn cho con thứ hai?"), or that document accounts
    /// for its words — and it names nothing that document is not: a topic we do not cover ("ly hôn" after a
    /// marriage) or another office's procedure ("còn làm hộ chiếu thì sao?") is never answered from the old topic.
    /// </summary>
    private bool Continues(AnswerContext context, string current)
    {
        var text = context.Question.Text;
        var asks = context.Facets.Count > 0 || References.RefersBack(text) || References.AsksWhatAbout(text)
            || context.Knowledge.Index.Coverage(current, text) >= options.Value.MinCoverage;
        return asks
            && OutOfScope.Detect(text, phrase => context.Knowledge.Index.Names(current, phrase)) == OutOfScopeKind.None
            && (CatalogEntryFor(context) is not { } entry || entry == current);
    }

    private void DecideWithoutMatch(AnswerContext context)
    {
        // A follow-up ("còn lệ phí thì sao?", "có nhờ người khác nộp được không?") stays with the document under
        // discussion when it names a facet or that document accounts for its words.
        if (context.State.DocumentKey is { } current && Continues(context, current))
        {
            context.DocumentKey = current;
            return;
        }
        if (AdministrativeUnits.Asked(context.Question.Text, context.Knowledge.Base, context.Language) is not null)
        {
            return; // a commune or ward is named: UnitStep answers
        }
        // A place named as context ("ngân hàng đòi giấy độc thân", "bên công ty bắt chứng thực chữ ký") makes the question
        // out of scope only when no document answers it: the ranker may find one, as for another office's matter.
        var kind = OutOfScope.Detect(context.Question.Text, includeContext: true);
        if (kind != OutOfScopeKind.None && !TopicIsContext(context, rankerMayDecide: OutOfScope.Detect(context.Question.Text) != OutOfScopeKind.OffTopic))
        {
            if (kind == OutOfScopeKind.OtherProcedure && CatalogEntryFor(context) is { } entry)
            {
                context.DocumentKey = entry;
                return;
            }
            DecideOutOfScope(context, kind);
            return;
        }
        var texts = AnswerTexts.For(context.Language);
        var reply = context.SmallTalk switch
        {
            SmallTalkKind.Greeting => texts.Greeting,
            SmallTalkKind.Thanks => texts.Thanks,
            _ => null,
        };
        if (reply is null && Learned(context) is { } learned
            && (learned.Probability >= options.Value.ClassifierSure
                || (learned.Probability >= options.Value.ClassifierSupport && context.Candidates.Take(SupportedCandidates).Any(c => c.Key == learned.Label))))
        {
            context.DocumentKey = learned.Label;
            return;
        }
        if (reply is null && RankStep.Vouches(context, RankStep.OverDoubt) is { } first)
        {
            // A weak match with a document nobody wrote an example for: the classifier cannot vouch for it, the ranker can.
            context.DocumentKey = first;
            return;
        }
        if (reply is null)
        {
            context.Escalation = context.Candidates.Count > 0 ? EscalationReason.LowConfidence : EscalationReason.NoMatch;
            return;
        }
        context.Answer = new Answer
        {
            Outcome = AnswerOutcome.SmallTalk,
            Text = reply,
            Language = context.Language,
            Suggestions = [.. texts.ExampleQuestions.Select(q => new SuggestedReply(q, q))],
        };
    }

    /// <summary>
    /// The national catalog's entry for a procedure of another office, when the question is clearly about it: the
    /// classifier is sure of it (it learned the names citizens use, catalog/aliases.tsv), or it is the retriever's
    /// best candidate by a strong name match that the classifier does not contradict. Null otherwise: staff point the way.
    /// </summary>
    private string? CatalogEntryFor(AnswerContext context)
    {
        var settings = options.Value;
        bool IsCatalog(string key) => context.Knowledge.Base.FindDocument(key, context.Language) is Knowledge.CatalogProcedure;
        if (Learned(context) is { } learned && IsCatalog(learned.Label)
            && (learned.Probability >= settings.ClassifierSure
                || (learned.Probability >= settings.ClassifierSupport && context.Candidates.Take(SupportedCandidates).Any(c => c.Key == learned.Label))))
        {
            return learned.Label;
        }
        // The classifier's "none" learned that no document of ours answers; it says nothing against a catalog entry
        // whose name the question says this well.
        return context.Candidates.Count > 0 && context.Candidates[0] is { } best && IsCatalog(best.Key)
            && best.Score >= Math.Max(settings.MinScore, CatalogNameSure) && best.Coverage >= settings.MinCoverage
            && (Learned(context) is not { } other || other.Label == best.Key || other.Probability < settings.ClassifierSure)
            ? best.Key
            : null;
    }

    /// <summary>
    /// True when the classifier, which learned such words as context ("giám hộ cho em bị bệnh tâm thần"), is sure
    /// the retriever's best candidate is meant despite a topic the knowledge base does not cover; or, for a best
    /// candidate with no example questions to learn such context from, the candidate ranker is sure of it when
    /// <paramref name="rankerMayDecide"/>: the topic is another office's matter ("định cư ở nước ngoài" in deregistering a
    /// permanent residence) or a place named as context (a bank, a company). Never when it is no administrative matter at
    /// all: "giá vàng hôm nay" shares a spelling with "tạm vắng", and the ranker reads only the match.
    /// </summary>
    private static bool TopicIsContext(AnswerContext context, bool rankerMayDecide) =>
        (Learned(context) is { } sure && context.Candidates.Count > 0 && sure.Label == context.Candidates[0].Key && sure.Probability >= OutOfScopeOverride)
        || (rankerMayDecide && RankStep.Vouches(context, RankStep.OverDoubt) is not null);

    private static bool IsHelpTopic(string key) => key.StartsWith(Knowledge.HelpTopic.KeyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// True when the classifier finds "no document" likelier than the retriever's best candidate by a clear margin:
    /// "how long does a divorce take?" shares a word with recording a foreign divorce, but is not asking about it.
    /// </summary>
    private static bool NoneLeads(AnswerContext context, string candidate)
    {
        if (context.Classification.Count == 0 || context.Classification[0] is not { Label: QuestionClassifier.None } none)
        {
            return false;
        }
        var named = context.Classification.FirstOrDefault(c => c.Label == candidate).Probability;
        return none.Probability >= NoneLeadMargin * named;
    }

    /// <summary>True when the classifier's "no document" sets aside the name match with the best candidate.</summary>
    private bool NoneOverrules(AnswerContext context, DocumentHit best) =>
        (IsSurelyNone(context) || NoneLeads(context, best.Key)) && best.Score < NameBeyondDoubt;

    private bool IsSurelyNone(AnswerContext context) =>
        context.Classification.Count > 0 && context.Classification[0] is { Label: QuestionClassifier.None } none && none.Probability >= options.Value.ClassifierSure;

    /// <summary>The classifier's most likely label when that is a document of ours, else null.</summary>
    private static LabelProbability? Learned(AnswerContext context) =>
        context.Classification.Count > 0 && context.Classification[0] is { Label: not QuestionClassifier.None } top ? top : null;

    private static void DecideOutOfScope(AnswerContext context, OutOfScopeKind kind)
    {
        if (kind == OutOfScopeKind.OtherProcedure)
        {
            // Passports, divorce, foreign elements: an administrative question staff can point the way on.
            context.Escalation = EscalationReason.NoMatch;
            return;
        }
        // Weather, prices, politics, health: said plainly, not passed to staff, who have procedures to handle.
        var texts = AnswerTexts.For(context.Language);
        context.Answer = new Answer
        {
            Outcome = AnswerOutcome.SmallTalk,
            Text = texts.OutOfScope,
            Language = context.Language,
            Refusal = Refusal.OffTopic,
            Suggestions = [.. texts.ExampleQuestions.Select(q => new SuggestedReply(q, q))],
        };
    }

    private static void AskWhichOne(AnswerContext context, IReadOnlyList<(string Key, string Title)> choices)
    {
        var texts = AnswerTexts.For(context.Language);
        var titles = choices
            .Select(c => context.Knowledge.Base.FindDocument(c.Key, context.Language)?.Title ?? c.Title)
            .ToList();
        context.State = context.State with { PendingChoices = [.. choices.Select(c => c.Key)] };
        context.Answer = new Answer
        {
            Outcome = AnswerOutcome.Clarify,
            Text = texts.ClarifyQuestion,
            Language = context.Language,
            Facets = context.Facets,
            Suggestions = [.. titles.Select(t => new SuggestedReply(t, t))],
        };
    }
}
