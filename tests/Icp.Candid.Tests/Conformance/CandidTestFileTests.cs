namespace Icp.Candid.Tests.Conformance;

/// <summary>The test-file parser finds exactly the assertions the conformance README counts.</summary>
public class CandidTestFileTests
{
    public static TheoryData<string, int, int, int, int, int, int> Counts() => new()
    {
        // file, assertions, ':', '!:', '==', '!=', type definitions
        { "prim.test.did", 168, 9, 66, 93, 0, 0 },
        { "construct.test.did", 164, 12, 66, 86, 0, 11 },
        { "reference.test.did", 50, 0, 30, 19, 1, 0 },
        { "subtypes.test.did", 58, 0, 0, 58, 0, 4 },
        { "overshoot.test.did", 10, 0, 10, 0, 0, 0 },
        { "spacebomb.test.did", 17, 0, 17, 0, 0, 0 },
    };

    public static TheoryData<string> Files() => new(Counts().Select(row => (string)row[0]));

    private static CandidTestFile Load(string file) => CandidTestFile.Load(Path.Combine(TestPaths.Candid, file));

    [Theory]
    [MemberData(nameof(Counts))]
    public void File_has_the_counted_assertions(string file, int total, int accept, int reject, int equal, int notEqual, int definitions)
    {
        var t = Load(file);
        Assert.Equal(total, t.Assertions.Count);
        Assert.Equal(accept, t.Assertions.Count(a => a.Kind == CandidAssertionKind.Accept));
        Assert.Equal(reject, t.Assertions.Count(a => a.Kind == CandidAssertionKind.Reject));
        Assert.Equal(equal, t.Assertions.Count(a => a.Kind == CandidAssertionKind.Equal));
        Assert.Equal(notEqual, t.Assertions.Count(a => a.Kind == CandidAssertionKind.NotEqual));
        Assert.Equal(definitions, t.Definitions.Definitions.Count);
        Assert.All(t.Assertions, a => Assert.Equal(a.Kind is CandidAssertionKind.Equal or CandidAssertionKind.NotEqual, a.Right is not null));
    }

    [Fact]
    public void All_files_hold_467_assertions_and_7_text_only_ones()
    {
        var all = Counts().SelectMany(row => Load((string)row[0]).Assertions).ToList();
        Assert.Equal(467, all.Count);
        Assert.Equal(7, all.Count(a => !a.Left.IsBlob && a.Right?.IsBlob != true));
    }

    [Fact]
    public void Inputs_descriptions_and_positions_are_read()
    {
        var prim = Load("prim.test.did");
        var first = prim.Assertions[0];
        Assert.True(first.Left.IsBlob);
        Assert.True(first.Line > 1);
        Assert.NotNull(first.Description);
        var unicode = prim.Assertions.Single(a => a.Description == "text: Unicode escape");
        Assert.Equal("(\"\\u{2603}\")", unicode.Left.Text);
        Assert.Equal("(\"☃\")", unicode.Right!.Text);
        Assert.Equal([CandidType.Text], unicode.Types);
    }

    [Fact]
    public void Recursive_definitions_are_in_scope_of_the_types()
    {
        var construct = Load("construct.test.did");
        var list = construct.Definitions.FindType("List")!;
        Assert.Equal(CandidKind.Opt, list.Kind);
        Assert.Contains(construct.Assertions, a => a.Types.Any(t => t is CandidTypeReference { Name: "VariantList" } r && r.Resolve() is VariantType));
    }

    // The text side of the assertions is ours to check: the decoding side belongs to the binary codec's runner.
    [Theory]
    [MemberData(nameof(Files))]
    public void Text_inputs_behave_as_asserted(string file)
    {
        foreach (var a in Load(file).Assertions)
        {
            var texts = new[] { a.Left, a.Right }.Where(i => i is { IsBlob: false }).Select(i => i!.Text!).ToList();
            if (texts.Count == 0) continue;
            if (a.Kind == CandidAssertionKind.Reject && !a.Left.IsBlob)
            {
                Assert.ThrowsAny<FormatException>(() => CandidValueParser.ParseArguments(a.Left.Text!, a.Types));
                continue;
            }
            var parsed = texts.Select(t => Parse(a, t)).ToList();
            if (parsed.Count == 2 && a.Kind == CandidAssertionKind.Equal) Assert.Equal(parsed[0], parsed[1]);
            if (parsed.Count == 2 && a.Kind == CandidAssertionKind.NotEqual) Assert.NotEqual(parsed[0], parsed[1]);
        }
    }

    private static IReadOnlyList<CandidValue> Parse(CandidAssertion a, string text)
    {
        try
        {
            return CandidValueParser.ParseArguments(text, a.Types);
        }
        catch (CandidSyntaxException e)
        {
            throw new Xunit.Sdk.XunitException($"{a}: text {text} does not parse at its types: {e.Message}");
        }
    }
}
