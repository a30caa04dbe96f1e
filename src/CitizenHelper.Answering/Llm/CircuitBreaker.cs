namespace CitizenHelper.Answering.Llm;

/// <summary>Stops calling a failing LLM for a while, so an outage costs citizens nothing but the extractive answer.</summary>
public sealed class CircuitBreaker(int breakAfterFailures, TimeSpan breakDuration, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return clock.GetUtcNow() < _openUntil;
            }
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _failures = 0;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            if (++_failures >= breakAfterFailures)
            {
                _openUntil = clock.GetUtcNow() + breakDuration;
                _failures = 0;
            }
        }
    }
}
