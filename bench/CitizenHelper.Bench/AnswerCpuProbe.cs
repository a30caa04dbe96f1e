using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Bench;

/// <summary>
/// CPU per question of the answering pipeline alone, in this process on one thread, over the questions `load` asks
/// (each conversation asking them in turn, so its state carries over as in `load`), and each step's share. It tells
/// how much of the service's CPU per answered message is the answering and how much Direct Line, storage and the rest.
/// </summary>
internal static class AnswerCpuProbe
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        var cache = args.Length > 1 ? args[1] : null;
        using var provider = Eval.PipelineServices.Create("knowledge", Path.Combine("knowledge", KnowledgeLoader.BundledCatalog), cache).BuildServiceProvider();
        var pipeline = provider.GetRequiredService<AnswerPipeline>();
        _ = provider.GetRequiredService<KnowledgeProvider>().Current;

        var questions = LoadBenchmark.Questions;
        var states = new ConversationState[7]; // 7 conversations over 8 questions: each sees them in another order
        Array.Fill(states, ConversationState.New);
        void Ask(int i)
        {
            var n = i % states.Length;
            (_, states[n]) = pipeline.AnswerAsync(new Question(questions[i % questions.Length], null, $"probe-{n}"), states[n], CancellationToken.None).GetAwaiter().GetResult();
        }
        for (var i = 0; i < 400; i++)
        {
            Ask(i);
        }
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            Ask(i);
        }
        watch.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds / rounds;
        var kilobytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / rounds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answer-cpu: {rounds} questions, {cpuMs:F3} ms process CPU, {watch.Elapsed.TotalMilliseconds / rounds:F3} ms elapsed and {kilobytes:F0} KB allocated per question; collections gen0/1/2 {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}; load average {File.ReadAllText("/proc/loadavg").Trim()}"));

        // Each step alone, on fresh conversations (the same steps AnswerAsync runs, in its order).
        var steps = provider.GetServices<IAnswerStep>().ToList();
        var knowledge = provider.GetRequiredService<KnowledgeProvider>();
        var ticks = new long[steps.Count + 1];
        var bytes = new long[steps.Count + 1];
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var current = knowledge.Current;
            var cleaned = GuardStep.Clean(questions[i % questions.Length]);
            var context = new AnswerContext(new Question(AnswerPipeline.ReadAs(cleaned, current.Index), null, "probe"), ConversationState.New, current) { OriginalText = cleaned };
            ticks[^1] += Stopwatch.GetTimestamp() - start;
            bytes[^1] += GC.GetAllocatedBytesForCurrentThread() - before;
            for (var s = 0; s < steps.Count && context.Answer is null; s++)
            {
                start = Stopwatch.GetTimestamp();
                before = GC.GetAllocatedBytesForCurrentThread();
                steps[s].InvokeAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                ticks[s] += Stopwatch.GetTimestamp() - start;
                bytes[s] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"ReadAs",-22} {ticks[^1] * 1000.0 / Stopwatch.Frequency / rounds,8:F3} ms {bytes[^1] / 1024.0 / rounds,8:F1} KB"));
        for (var s = 0; s < steps.Count; s++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {steps[s].GetType().Name,-22} {ticks[s] * 1000.0 / Stopwatch.Frequency / rounds,8:F3} ms {bytes[s] / 1024.0 / rounds,8:F1} KB"));
        }
        return 0;
    }
}
