namespace CitizenHelper.Bot.Guided;

/// <summary>
/// Where a guide goes next: the papers one at a time (a situation asked before its papers), what is missing, the
/// steps, where to go, done. Pure: a session and an action in, the next session out; nothing is said or saved here.
/// </summary>
public static class GuidedMoves
{
    /// <summary>The next position after an action; the same position when the action does not move.</summary>
    public static GuidedSession Move(GuidedSession session, GuidedScript script, GuidedAction action)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        var documents = script.Documents.Count;
        var steps = script.Steps.Count;
        GuidedSession AfterMissing() => steps > 0 ? session with { Stage = GuidedStage.Steps, Index = 0 } : session with { Stage = GuidedStage.Where, Index = 0 };
        GuidedSession BeforeSteps() => documents > 0 ? session with { Stage = GuidedStage.Missing, Index = 0 } : session;
        switch (session.Stage, action)
        {
            case (GuidedStage.Documents, GuidedAction.Yes or GuidedAction.NotYet or GuidedAction.NotMine or GuidedAction.Next or GuidedAction.Skip or GuidedAction.Mine)
                when action != GuidedAction.Mine || AsksSituation(session, script):
                return Answer(session, script, action);
            case (GuidedStage.Documents, GuidedAction.Back):
                return PreviousPaper(session, script);
            case (GuidedStage.Missing, GuidedAction.Next or GuidedAction.Skip):
                return AfterMissing();
            case (GuidedStage.Missing, GuidedAction.Back):
                return documents > 0 ? session with { Stage = GuidedStage.Documents, Index = documents - 1 } : session;
            case (GuidedStage.Steps, GuidedAction.Next or GuidedAction.Skip):
                return session.Index + 1 < steps ? session with { Index = session.Index + 1 } : session with { Stage = GuidedStage.Where, Index = 0 };
            case (GuidedStage.Steps, GuidedAction.Back):
                return session.Index > 0 ? session with { Index = session.Index - 1 } : BeforeSteps();
            case (GuidedStage.Where, GuidedAction.Skip or GuidedAction.Next):
                return session with { Stage = GuidedStage.Done, Index = 0 };
            case (GuidedStage.Where, GuidedAction.Back):
                return steps > 0 ? session with { Stage = GuidedStage.Steps, Index = steps - 1 } : BeforeSteps();
            case (GuidedStage.Done, GuidedAction.Back):
                return session with { Stage = GuidedStage.Where, Index = 0 };
            default:
                return session; // Repeat, or a move that does not apply here: show the same place again.
        }
    }

    /// <summary>
    /// Whether the current paper is needed only in a situation the resident has not said is theirs: then the guide
    /// asks about the situation, not about the paper.
    /// </summary>
    public static bool AsksSituation(GuidedSession session, GuidedScript script)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        return session.Stage == GuidedStage.Documents && session.Index < script.Documents.Count
            && script.Documents[session.Index].Condition is not null
            && (session.Index >= session.Answers.Length || session.Answers[session.Index] is '.' or '-');
    }

    /// <summary>
    /// An answer at a paper or a situation: the session with it, at the next paper to ask about, or at what is missing
    /// after the last paper (a situation said to be the resident's stays where it is, at its first paper).
    /// </summary>
    private static GuidedSession Answer(GuidedSession session, GuidedScript script, GuidedAction action)
    {
        var documents = script.Documents.Count;
        var answers = session.Answers.PadRight(documents, '.').ToCharArray();
        var condition = session.Index < documents ? script.Documents[session.Index].Condition : null;
        if (AsksSituation(session, script))
        {
            // The situation first: yes asks for its papers; no (or "not yet", typed) sets them all aside.
            var mine = action is GuidedAction.Mine or GuidedAction.Yes;
            for (var i = session.Index; i < documents; i++)
            {
                if (script.Documents[i].Condition == condition && answers[i] is '.' or '-' or 'c')
                {
                    answers[i] = mine ? 'c' : '-';
                }
            }
            session = session with { Answers = new string(answers) };
            return mine ? session : NextPaper(session, script) ?? AfterDocuments(session);
        }
        if (session.Index < answers.Length && action is not (GuidedAction.Next or GuidedAction.Skip))
        {
            answers[session.Index] = action switch { GuidedAction.Yes => 'y', GuidedAction.NotYet => 'n', _ => '-' };
        }
        session = session with { Answers = new string(answers) };
        return NextPaper(session, script) ?? AfterDocuments(session);
    }

    private static GuidedSession AfterDocuments(GuidedSession session) => session with { Stage = GuidedStage.Missing, Index = 0 };

    /// <summary>The next paper still to ask about (papers of a situation set aside are skipped), or null after the last.</summary>
    private static GuidedSession? NextPaper(GuidedSession session, GuidedScript script)
    {
        for (var i = session.Index + 1; i < script.Documents.Count; i++)
        {
            var answer = i < session.Answers.Length ? session.Answers[i] : '.';
            // Papers of a situation the resident said is not theirs are skipped; the situation itself is asked
            // again when the guide comes to it from before (after going back).
            if (answer != '-' || script.Documents[i].Condition is { } c && !SituationAnswered(session, script, i, c))
            {
                return session with { Index = i };
            }
        }
        return null;
    }

    private static bool SituationAnswered(GuidedSession session, GuidedScript script, int index, string condition) =>
        Enumerable.Range(0, index).Any(j => script.Documents[j].Condition == condition && j < session.Answers.Length && session.Answers[j] != '.');

    /// <summary>
    /// Back: from a situation's first paper to the situation question; from elsewhere to the paper before (a
    /// situation set aside is asked again, from its first paper).
    /// </summary>
    private static GuidedSession PreviousPaper(GuidedSession session, GuidedScript script)
    {
        var answers = session.Answers.PadRight(script.Documents.Count, '.').ToCharArray();
        var condition = script.Documents[session.Index].Condition;
        if (condition is not null && answers[session.Index] == 'c' && !Enumerable.Range(0, session.Index).Any(j => script.Documents[j].Condition == condition && answers[j] != '-'))
        {
            for (var i = session.Index; i < answers.Length; i++)
            {
                if (script.Documents[i].Condition == condition && answers[i] == 'c')
                {
                    answers[i] = '.';
                }
            }
            return session with { Answers = new string(answers) };
        }
        var previous = Math.Max(0, session.Index - 1);
        while (previous > 0 && answers[previous] == '-' && script.Documents[previous].Condition is { } c && script.Documents[previous - 1].Condition == c)
        {
            previous--;
        }
        return session with { Index = previous };
    }
}
