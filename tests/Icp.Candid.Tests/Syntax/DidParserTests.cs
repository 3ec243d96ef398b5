namespace Icp.Candid.Tests.Syntax;

/// <summary>The .did parser and lexer: one test per rule.</summary>
public class DidParserTests
{
    [Fact]
    public void Errors_say_file_line_column_expected_and_found()
    {
        var e = Assert.Throws<CandidSyntaxException>(() => CandidProgram.Parse("type A = nat;\ntype B = record { a : nat nat };", "file.did"));
        Assert.Equal("file.did:2:27: expected ';' or '}' but found 'nat'", e.Message);
        Assert.Equal(("file.did", 2, 27), (e.File, e.Line, e.Column));
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void Doc_comments_attach_to_definitions_fields_methods_and_the_service()
    {
        var p = CandidProgram.Parse("""
            // ignored: an empty line follows

            // A doc
            // on two lines
            type A = record {
              // the field
              f : nat; // trailing, ignored
            };
            /* block comments are skipped */
            // the service
            service : {
              // the method
              m : () -> ();
            }
            """);
        var a = p.FindDefinition("A")!;
        Assert.Equal("A doc\non two lines", a.Doc);
        Assert.Equal("the field", ((RecordType)a.Type).Fields[0].Doc);
        Assert.Equal("the service", p.Service!.Doc);
        Assert.Equal("the method", p.ResolveService().Methods[0].Doc);
    }

    [Fact]
    public void Nested_block_comments_close_in_pairs()
    {
        Assert.Single(CandidProgram.Parse("/* a /* b */ c */ type A = nat;").Definitions);
        Assert.Contains("unclosed comment", Assert.Throws<CandidSyntaxException>(() => CandidProgram.Parse("/* a /* b */ type A = nat;")).Message);
    }

    [Fact]
    public void Field_ids_may_be_names_quoted_names_decimal_or_hex_and_tuple_fields_count_on()
    {
        var t = (RecordType)CandidProgram.ParseType("record { a : nat; \"quoted name\" : nat; 0x2a : nat; 1_000 : nat; text }");
        Assert.Equal(new[] { 42u, 1000u, 1001u, CandidLabel.Hash("a"), CandidLabel.Hash("quoted name") }.Order(), t.Fields.Select(f => f.Label.Id));
        Assert.Contains("32-bit", Assert.Throws<CandidSyntaxException>(() => CandidProgram.ParseType("record { 4294967296 : nat }")).Message);
    }

    [Fact]
    public void Function_types_have_named_arguments_and_modes()
    {
        var f = (FuncType)CandidProgram.ParseType("func (to : principal, amount : nat, \"quoted\" : text) -> (nat) composite_query");
        Assert.Equal(["to", "amount", "quoted"], f.Arguments.Select(a => a.Name));
        Assert.Equal(FuncModes.CompositeQuery, f.Modes);
        Assert.Equal(FuncModes.Oneway, ((FuncType)CandidProgram.ParseType("func () -> () oneway")).Modes);
        Assert.Contains("oneway", Assert.Throws<CandidSyntaxException>(() => CandidProgram.ParseType("func () -> (nat) oneway")).Message);
        Assert.Contains("duplicate argument", Assert.Throws<CandidSyntaxException>(() => CandidProgram.ParseType("func (a : nat, a : nat) -> ()")).Message);
    }

    [Fact]
    public void Service_forms_name_class_and_type_name()
    {
        var named = CandidProgram.Parse("service ledger : { m : () -> () query }");
        Assert.Equal("ledger", named.Service!.Name);
        var cls = CandidProgram.Parse("type S = service { next : () -> (S) }; service : (init : nat) -> S");
        Assert.True(cls.Service!.IsClass);
        Assert.Equal("init", cls.Service.InitArguments![0].Name);
        Assert.Equal("next", cls.ResolveService().Methods[0].Name);
    }

    [Fact]
    public void Method_types_may_be_names_of_function_types()
    {
        var p = CandidProgram.Parse("type F = func (nat) -> (); type G = F; service : { f : F; g : G }");
        Assert.All(p.ResolveService().Methods, m => Assert.IsType<FuncType>(m.Func));
        Assert.Contains("not a function type", Assert.Throws<CandidSyntaxException>(() => CandidProgram.Parse("type O = opt nat; service : { f : O }")).Message);
    }

    [Fact]
    public void Recursive_and_mutually_recursive_types_bind()
    {
        var p = CandidProgram.Parse("type List = opt record { head : nat; tail : List }; type A = opt B; type B = vec A;");
        var list = (OptType)p.FindDefinition("List")!.Type;
        var tail = ((RecordType)list.Inner).FindField(CandidLabel.Hash("tail"))!.Type;
        Assert.Same(list, tail.Resolve());
        Assert.IsType<VecType>(((OptType)p.FindDefinition("A")!.Type).Inner.Resolve());
    }

    [Theory]
    [InlineData("type A = B; type B = A;", "cyclic")]
    [InlineData("type A = nat; type A = text;", "duplicate definition")]
    [InlineData("type A = vec Missing;", "unbound type name 'Missing'")]
    [InlineData("type A = record { a : nat; a : text };", "two fields")]
    [InlineData("type nat = text;", "keyword")]
    [InlineData("service : { m : () -> (); m : () -> () }", "duplicate method")]
    [InlineData("type F = func () -> (); service : F", "not a service type")]
    [InlineData("import \"other.did\";", "no file name")]
    [InlineData("type A = record { \"\\u{D800}\" : nat };", "out of range")]
    [InlineData("type A = nat; type B = nat service : {} extra", "expected end of input")]
    public void Bad_programs_fail(string source, string reason)
    {
        var e = Assert.Throws<CandidSyntaxException>(() => CandidProgram.Parse(source));
        Assert.Contains(reason, e.Message);
        Assert.Matches(@"^\d+:\d+: ", e.Message);
    }

    [Fact]
    public void Types_and_argument_lists_parse_with_a_scope()
    {
        var scope = CandidProgram.Parse("type Block = record { height : nat; parent : opt blob };");
        var args = CandidProgram.ParseArgumentTypes("(nat, vec Block)", scope);
        Assert.Equal(CandidType.Nat, args[0]);
        Assert.IsType<RecordType>(((VecType)args[1]).Element.Resolve());
        Assert.Equal(CandidType.Blob, CandidProgram.ParseType("blob"));
        Assert.Equal(CandidType.Opt(CandidType.Principal), CandidProgram.ParseType("opt principal"));
        Assert.Throws<CandidSyntaxException>(() => CandidProgram.ParseArgumentTypes("(nat, vec Block)"));
        Assert.Equal("Block", ((CandidTypeReference)scope.FindType("Block")!).Name);
        Assert.Null(scope.FindType("Nope"));
    }

    [Fact]
    public void Deeply_nested_types_are_an_error_not_a_crash()
    {
        string deep = string.Concat(Enumerable.Repeat("opt ", 100_000)) + "nat";
        Assert.Contains("nesting", Assert.Throws<CandidSyntaxException>(() => CandidProgram.ParseType(deep)).Message);
        string records = string.Concat(Enumerable.Repeat("record { ", 50_000)) + "nat" + string.Concat(Enumerable.Repeat(" }", 50_000));
        Assert.Contains("nesting", Assert.Throws<CandidSyntaxException>(() => CandidProgram.ParseType(records)).Message);
    }

    [Fact]
    public void Imports_are_relative_to_the_file_and_import_service_merges_methods()
    {
        string dir = Directory.CreateTempSubdirectory("candid-import").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "sub", "lib.did"), "type T = nat; service : { lib_method : (T) -> () }");
            File.WriteAllText(Path.Combine(dir, "main.did"), "import service \"sub/lib.did\"; service : { own : () -> (T) }");
            var p = CandidProgram.Load(Path.Combine(dir, "main.did"));
            Assert.Equal(["lib_method", "own"], p.ResolveService().Methods.Select(m => m.Name));
            Assert.NotNull(p.FindDefinition("T"));
            ProgramAssert.RoundTrip(p);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Numbers_lex_in_every_form()
    {
        var tokens = CandidLexer.Tokenize("1_000 0xFF_ff 1.5 3. .5 1e-3 2E+4");
        Assert.Equal(
            [CandidTokenKind.Decimal, CandidTokenKind.Hex, CandidTokenKind.Float, CandidTokenKind.Float, CandidTokenKind.Float, CandidTokenKind.Float, CandidTokenKind.Float, CandidTokenKind.End],
            tokens.Select(t => t.Kind));
        Assert.Equal(["1000", "FFff", "1.5", "3.", ".5", "1e-3", "2E+4"], tokens.Take(7).Select(t => t.Value.Length > 0 ? t.Value : t.Raw));
        Assert.Equal((1, 7), (tokens[1].Line, tokens[1].Column));
    }
}
