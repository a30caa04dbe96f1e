using Xunit.Abstractions;
using Xunit.Sdk;

namespace CitizenHelper.Web.Tests.Storage;

/// <summary>Marks a test class that runs against PostgreSQL: its <see cref="DatabaseFactAttribute"/> tests are skipped, with the reason, where no server is given.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgreSqlAttribute : Attribute;

/// <summary>
/// A fact of a test class that may run on several databases (an abstract class with one subclass per provider):
/// it runs, unless its class needs a database this machine does not have.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("CitizenHelper.Web.Tests.Storage.DatabaseFactDiscoverer", "CitizenHelper.Web.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute;

public sealed class DatabaseFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new DatabaseTestCase(diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

/// <summary>A test case whose skip reason is worked out from its class, where it runs (also after crossing to the runner).</summary>
public sealed class DatabaseTestCase : XunitTestCase
{
    [Obsolete("For deserialization only.")]
    public DatabaseTestCase()
    {
    }

    public DatabaseTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnostics, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute)).Any() && TestDatabase.PostgreSqlUnavailable is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
}
