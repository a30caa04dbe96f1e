using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Bench;

/// <summary>
/// The administrative units of 2025: loading the two bundled gzip lists (3,321 units, 10,602 former-unit rows) with
/// the staff's centers file laid over them and building the name index, then finding the unit a question names —
/// time and memory for each. Former ad-hoc way, for comparison: every name of every unit scanned with string Contains.
/// </summary>
internal static class UnitsBenchmark
{
    private static readonly string[] Questions =
    [
        "tôi ở xã Tâm Thắng cũ (huyện Cư Jút, tỉnh Đắk Nông) thì nộp hồ sơ ở đâu", "I am from former Tam Thang commune, Cu Jut district",
        "xa tan phu cu huyen tan ky", "phường Cống Vị cũ giờ thuộc phường nào", "giờ làm việc của trung tâm xã Cư Jút",
        "đăng ký khai sinh cần giấy tờ gì", "xã Tân Phú", "số điện thoại trung tâm hành chính công phường Giảng Võ",
    ];

    public static int Run(string[] args)
    {
        var root = args.Length > 0 ? args[0] : "knowledge";
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        KnowledgeBase? knowledge = null;
        var loads = new List<double>();
        var indexes = new List<double>();
        long loadBytes = 0;
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var problems = new List<KnowledgeProblem>();
            var (units, formers) = UnitsLoader.Load(root, problems);
            loads.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            knowledge = new KnowledgeBase([], problems, DateTimeOffset.UtcNow, units: units, formerUnits: formers);
            _ = knowledge.UnitDirectory;
            indexes.Add(clock.Elapsed.TotalMilliseconds);
            loadBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
        knowledge = new KnowledgeBase([], [], DateTimeOffset.UtcNow, units: UnitsLoader.Load(root, []).Units, formerUnits: UnitsLoader.Load(root, []).Formers);
        _ = knowledge.UnitDirectory;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
        var directory = knowledge.UnitDirectory;
        Console.WriteLine($"units: {directory.Units.Count:N0} units, {directory.Formers.Count:N0} former units, {directory.Districts.Count:N0} districts, {directory.Provinces.Count} provinces, {directory.NameCount:N0} distinct folded names; {rounds} rounds after the first");
        Console.WriteLine($"  load (gunzip+parse+validate)  median {Median(loads.Skip(1)):F1} ms");
        Console.WriteLine($"  name index                    median {Median(indexes.Skip(1)):F1} ms");
        Console.WriteLine($"  allocated per load+index      {loadBytes / 1024.0 / 1024.0:F1} MB; retained by one snapshot {retained / 1024.0 / 1024.0:F1} MB");

        var lookups = 0;
        var lookupBytes = GC.GetAllocatedBytesForCurrentThread();
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed < TimeSpan.FromSeconds(3))
        {
            AdministrativeUnits.Lookup(Questions[lookups % Questions.Length], knowledge);
            lookups++;
        }
        var perLookup = timer.Elapsed.TotalMilliseconds / lookups;
        lookupBytes = (GC.GetAllocatedBytesForCurrentThread() - lookupBytes) / lookups;
        Console.WriteLine($"  lookup                        {perLookup * 1000:F1} µs per question ({lookups:N0} questions, {Questions.Length} kinds), {lookupBytes / 1024.0:F1} KB allocated each");

        // The way before: every name folded and searched for in the question, per question.
        var names = directory.Units.Select(u => u.Name).Concat(directory.Formers.Select(f => f.Name)).Select(n => $" {UnitNames.Fold(n)} ").ToArray();
        var scans = 0;
        timer.Restart();
        while (timer.Elapsed < TimeSpan.FromSeconds(2))
        {
            var folded = $" {UnitNames.Fold(Questions[scans % Questions.Length])} ";
            _ = names.Count(n => folded.Contains(n, StringComparison.Ordinal));
            scans++;
        }
        Console.WriteLine($"  scan of {names.Length:N0} names with Contains  {timer.Elapsed.TotalMilliseconds / scans:F3} ms per question (not used; for comparison)");
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
