namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Asks the question classifier, trained on how citizens ask, which document the message is about: a second
/// opinion beside the retriever's name matching, weighed by <see cref="DecideStep"/>.
/// </summary>
public sealed class ClassifyStep : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is null && context.Knowledge.Classifier is { } classifier)
        {
            context.Classification = classifier.Classify(context.Question.Text);
        }
        return ValueTask.CompletedTask;
    }
}
