using Xunit.Abstractions;
using Xunit.Sdk;

namespace Indexer.Tests.Support;

/// <summary>
/// A fact that needs tools from the package registries: skipped, with the tool named, on a machine that lacks them,
/// unless INDEXER_REQUIRE_ALL_TESTS=1. The tools are the attribute's and those of <see cref="NeedsToolAttribute"/>
/// on the test class, so one contract suite can run against SQLite always and against PostgreSQL where it exists.
/// </summary>
[XunitTestCaseDiscoverer("Indexer.Tests.Support.ToolFactDiscoverer", "Indexer.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute(params Tool[] tools) : FactAttribute
{
    public Tool[] Tools { get; } = tools;
}

/// <summary>A theory that needs tools; see <see cref="ToolFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("Indexer.Tests.Support.ToolTheoryDiscoverer", "Indexer.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolTheoryAttribute(params Tool[] tools) : TheoryAttribute
{
    public Tool[] Tools { get; } = tools;
}

/// <summary>Every <see cref="ToolFactAttribute"/> and <see cref="ToolTheoryAttribute"/> test of the class needs these tools.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsToolAttribute(params Tool[] tools) : Attribute
{
    public Tool[] Tools { get; } = tools;
}

public sealed class ToolFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnostics);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ToolSkip.Reason(testMethod, factAttribute) is { } reason
            ? [new ToolSkippedTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : _fact.Discover(options, testMethod, factAttribute);
}

public sealed class ToolTheoryDiscoverer(IMessageSink diagnostics) : TheoryDiscoverer(diagnostics)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ToolSkip.Reason(testMethod, theoryAttribute) is { } reason
            ? [new ToolSkippedTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : base.Discover(options, testMethod, theoryAttribute);
}

internal static class ToolSkip
{
    public static string? Reason(ITestMethod testMethod, IAttributeInfo attribute)
    {
        var tools = ((Tool[]?)attribute.GetConstructorArguments().FirstOrDefault() ?? [])
            .Concat(testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsToolAttribute))
                .SelectMany(a => (Tool[]?)a.GetConstructorArguments().FirstOrDefault() ?? []))
            .Distinct();
        return RequiredTool.SkipReason(tools);
    }
}

/// <summary>A test case skipped for a missing tool; the reason is in its name because dotnet test prints only names.</summary>
public sealed class ToolSkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ToolSkippedTestCase() { }

    public ToolSkippedTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string reason)
        : base(diagnostics, display, displayOptions, testMethod)
    {
        _reason = reason;
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        $"{base.GetDisplayName(factAttribute, displayName)} [skipped: {_reason}]";

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("ToolSkipReason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("ToolSkipReason");
        base.Deserialize(data);
    }
}
