using System.Linq.Expressions;

namespace CitizenHelper.Storage;

/// <summary>Query pieces the staff lists share: the escalations a scope may see, and a period of whole UTC days.</summary>
internal static class StaffQueries
{
    /// <summary>The escalations of <paramref name="centers"/>; one without a center belongs to none.</summary>
    public static IQueryable<EscalationRecord> OfCenters(this IQueryable<EscalationRecord> escalations, IEnumerable<string> centers)
    {
        var names = centers.ToList();
        return escalations.Where(e => e.Center != null && names.Contains(e.Center));
    }

    /// <summary>The escalations <paramref name="scope"/> may see: all for an administrator, else those of its centers.</summary>
    public static IQueryable<EscalationRecord> SeenBy(this IQueryable<EscalationRecord> escalations, StaffScope scope) =>
        scope.IsAdmin ? escalations : escalations.OfCenters(scope.Centers);

    /// <summary>
    /// The rows whose <paramref name="at"/> falls on the days <paramref name="from"/> to <paramref name="to"/> (UTC,
    /// both included); a missing end leaves that side open.
    /// </summary>
    public static IQueryable<T> OnDays<T>(this IQueryable<T> rows, Expression<Func<T, DateTimeOffset>> at, DateOnly? from, DateOnly? to)
    {
        if (from is { } first)
        {
            var since = StartOf(first);
            rows = rows.Where(Compare(at, Expression.GreaterThanOrEqual, () => since));
        }
        if (to is { } last)
        {
            var before = StartOf(last.AddDays(1));
            rows = rows.Where(Compare(at, Expression.LessThan, () => before));
        }
        return rows;
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    // The bound is read from a closure, as in a hand-written lambda, so the database gets it as a parameter.
    private static Expression<Func<T, bool>> Compare<T>(
        Expression<Func<T, DateTimeOffset>> at, Func<Expression, Expression, BinaryExpression> comparison, Expression<Func<DateTimeOffset>> bound) =>
        Expression.Lambda<Func<T, bool>>(comparison(at.Body, bound.Body), at.Parameters);
}
