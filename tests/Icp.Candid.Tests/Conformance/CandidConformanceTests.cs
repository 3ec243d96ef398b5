using System.Collections.Concurrent;

namespace Icp.Candid.Tests.Conformance;

/// <summary>
/// The official Candid conformance suite (../shared/conformance/candid/*.test.did), one test case per assertion:
/// binary inputs go through our decoder at the assertion's types, textual inputs through our text parser.
/// </summary>
public class CandidConformanceTests
{
    private static readonly string[] Files =
        ["prim.test.did", "construct.test.did", "reference.test.did", "subtypes.test.did", "overshoot.test.did", "spacebomb.test.did"];

    private static readonly ConcurrentDictionary<string, CandidTestFile> Loaded = new();

    private static CandidTestFile Load(string file) => Loaded.GetOrAdd(file, f => CandidTestFile.Load(Path.Combine(TestPaths.Candid, f)));

    // The overshoot file asks for a memory cap of about 100 MB; no assertion may allocate more than this.
    private const long AllocationLimit = 64L * 1024 * 1024;

    public static TheoryData<string> Assertions()
    {
        var data = new TheoryData<string>();
        foreach (var f in Files)
            foreach (var a in Load(f).Assertions)
                data.Add($"{f}:{a.Line} {a.Description ?? a.Kind.ToString()}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Assertions))]
    public void Assertion_holds(string id)
    {
        var file = id[..id.IndexOf(':')];
        int line = int.Parse(id[(id.IndexOf(':') + 1)..id.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture);
        var a = Load(file).Assertions.Single(x => x.Line == line);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var left = Run(a.Left, a.Types);
        var right = a.Right is null ? null : Run(a.Right, a.Types);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationLimit, $"{a}: allocated {allocated:N0} bytes");

        switch (a.Kind)
        {
            case CandidAssertionKind.Accept:
                Assert.True(left.Values is not null, $"{a}: expected to decode, failed with: {left.Error}");
                break;
            case CandidAssertionKind.Reject:
                Assert.True(left.Values is null, $"{a}: expected to fail, decoded to {Show(left.Values)}");
                break;
            case CandidAssertionKind.Equal:
                Assert.True(left.Values is not null, $"{a}: left side failed: {left.Error}");
                Assert.True(right!.Values is not null, $"{a}: right side failed: {right.Error}");
                Assert.True(left.Values!.SequenceEqual(right.Values!), $"{a}: {Show(left.Values)} != {Show(right.Values)}");
                break;
            case CandidAssertionKind.NotEqual:
                Assert.True(left.Values is not null, $"{a}: left side failed: {left.Error}");
                Assert.True(right!.Values is not null, $"{a}: right side failed: {right.Error}");
                Assert.False(left.Values!.SequenceEqual(right.Values!), $"{a}: both are {Show(left.Values)}");
                break;
        }
    }

    private sealed record Outcome(IReadOnlyList<CandidValue>? Values, string? Error);

    // Only the library's own error types count as a rejection: anything else is a bug.
    private static Outcome Run(CandidTestInput input, IReadOnlyList<CandidType> types)
    {
        try
        {
            return input.IsBlob
                ? new Outcome(CandidDecoder.Decode(input.Blob!, types), null)
                : new Outcome(CandidValueParser.ParseArguments(input.Text!, types), null);
        }
        catch (CandidDecodeException ex) when (input.IsBlob)
        {
            return new Outcome(null, ex.Message);
        }
        catch (CandidSyntaxException ex) when (!input.IsBlob)
        {
            return new Outcome(null, ex.Message);
        }
    }

    private static string Show(IReadOnlyList<CandidValue>? values) => values is null ? "(error)" : CandidValuePrinter.PrintArguments(values);
}
