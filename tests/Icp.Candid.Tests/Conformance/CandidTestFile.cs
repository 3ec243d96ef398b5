namespace Icp.Candid.Tests.Conformance;

/// <summary>What an assertion of a <c>.test.did</c> file claims.</summary>
public enum CandidAssertionKind
{
    /// <summary><c>assert in : (T)</c>: decoding or parsing succeeds.</summary>
    Accept,
    /// <summary><c>assert in !: (T)</c>: decoding or parsing fails.</summary>
    Reject,
    /// <summary><c>assert a == b : (T)</c>: both succeed with equal values.</summary>
    Equal,
    /// <summary><c>assert a != b : (T)</c>: both succeed with different values.</summary>
    NotEqual,
}

/// <summary>An input of an assertion: a binary message (<c>blob "..."</c>) or Candid text (<c>"(...)"</c>).</summary>
/// <param name="Blob">The message bytes, for a binary input.</param>
/// <param name="Text">The text-format source, for a textual input.</param>
public sealed record CandidTestInput(byte[]? Blob, string? Text)
{
    /// <summary>True for a binary input.</summary>
    public bool IsBlob => Blob is not null;

    /// <inheritdoc />
    public override string ToString() => IsBlob ? $"blob ({Blob!.Length} bytes)" : $"text {Text}";
}

/// <summary>One assertion of a test file.</summary>
/// <param name="File">The test file's name.</param>
/// <param name="Line">The line of the <c>assert</c> keyword.</param>
/// <param name="Description">The quoted description after the types, if any.</param>
/// <param name="Kind">What is asserted.</param>
/// <param name="Left">The first input.</param>
/// <param name="Right">The second input of <c>==</c> and <c>!=</c>.</param>
/// <param name="Types">The argument types, with the file's definitions in scope.</param>
public sealed record CandidAssertion(string File, int Line, string? Description, CandidAssertionKind Kind,
    CandidTestInput Left, CandidTestInput? Right, IReadOnlyList<CandidType> Types)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Description ?? Kind.ToString()}";
}

/// <summary>
/// An official Candid conformance test file (<c>*.test.did</c>): type definitions, then assertions
/// <c>assert &lt;input&gt; (: | !: | == &lt;input&gt; : | != &lt;input&gt; :) (types) "description";</c>.
/// Parsed with the library's own lexer and type parser.
/// </summary>
public sealed class CandidTestFile
{
    private CandidTestFile(string name, CandidProgram definitions, IReadOnlyList<CandidAssertion> assertions)
    {
        Name = name;
        Definitions = definitions;
        Assertions = assertions;
    }

    /// <summary>The file name (without folder).</summary>
    public string Name { get; }

    /// <summary>The type definitions at the top of the file.</summary>
    public CandidProgram Definitions { get; }

    /// <summary>The assertions, in file order.</summary>
    public IReadOnlyList<CandidAssertion> Assertions { get; }

    public static CandidTestFile Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static CandidTestFile Parse(string source, string name)
    {
        var reader = new CandidTokenReader(source, name);
        var definitions = CandidProgram.ReadDefinitions(reader, t => t.Is("assert"));
        var assertions = new List<CandidAssertion>();
        while (!reader.AtEnd)
        {
            var at = reader.Expect("assert");
            var left = ReadInput(reader);
            CandidTestInput? right = null;
            CandidAssertionKind kind;
            switch (reader.Next().Kind)
            {
                case CandidTokenKind.Colon: kind = CandidAssertionKind.Accept; break;
                case CandidTokenKind.NotColon: kind = CandidAssertionKind.Reject; break;
                case CandidTokenKind.EqualsEquals: kind = CandidAssertionKind.Equal; break;
                case CandidTokenKind.NotEquals: kind = CandidAssertionKind.NotEqual; break;
                default: throw reader.Error(at, "expected ':', '!:', '==' or '!=' after the input");
            }
            if (kind is CandidAssertionKind.Equal or CandidAssertionKind.NotEqual)
            {
                right = ReadInput(reader);
                reader.Expect(CandidTokenKind.Colon, "':'");
            }
            var types = CandidProgram.ReadArgumentTypes(reader, definitions);
            string? description = reader.PeekKind() == CandidTokenKind.Text ? reader.TextOf(reader.Next()) : null;
            assertions.Add(new CandidAssertion(name, at.Line, description, kind, left, right, types));
            if (!reader.Accept(CandidTokenKind.Semicolon) && !reader.AtEnd) throw reader.Unexpected("';'");
        }
        return new CandidTestFile(name, definitions, assertions);
    }

    private static CandidTestInput ReadInput(CandidTokenReader reader)
    {
        if (reader.Accept("blob")) return new CandidTestInput(reader.Expect(CandidTokenKind.Text, "a string literal").Bytes ?? [], null);
        return new CandidTestInput(null, reader.TextOf(reader.Expect(CandidTokenKind.Text, "'blob' or a string literal")));
    }
}
