using System.Reflection;
using Generated.Icrc1;

namespace Icp.Candid.Generator.Tests;

/// <summary>A transport that records each call and answers with canned reply bytes.</summary>
internal sealed class FakeTransport(params byte[][] replies) : ICanisterTransport
{
    private int _next;

    public List<(string Kind, Principal Canister, string Method, byte[] Arg)> Calls { get; } = [];

    public Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct) => Record("update", canister, method, arg);

    public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) => Record("query", canister, method, arg);

    public Task SendAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
    {
        Calls.Add(("oneway", canister, method, arg));
        return Task.CompletedTask;
    }

    private Task<byte[]> Record(string kind, Principal canister, string method, byte[] arg)
    {
        Calls.Add((kind, canister, method, arg));
        return Task.FromResult(_next < replies.Length ? replies[_next++] : CandidSerializer.SerializeEmpty());
    }
}

/// <summary>A transport that implements only the two required methods (oneway goes through the default <c>SendAsync</c>).</summary>
internal sealed class MinimalTransport : ICanisterTransport
{
    public List<string> Methods { get; } = [];
    public Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct) { Methods.Add("call " + method); return Task.FromResult(CandidSerializer.SerializeEmpty()); }
    public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) { Methods.Add("query " + method); return Task.FromResult(CandidSerializer.SerializeEmpty()); }
}

public class ClientTests
{
    private static readonly CandidProgram Icrc1 = CandidProgram.Load(Path.Combine(TestPaths.DidFolder, "ICRC-1.did"));
    private static readonly Principal Ledger = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");

    private static byte[] Encode(CandidProgram? scope, string types, string values)
    {
        var ts = CandidProgram.ParseArgumentTypes(types, scope);
        return CandidEncoder.Encode(ts, CandidValueParser.ParseArguments(values, ts, scope));
    }

    private static string Decode(CandidProgram? scope, string types, byte[] message) =>
        CandidValuePrinter.PrintArguments(CandidDecoder.Decode(message, CandidProgram.ParseArgumentTypes(types, scope)));

    [Fact]
    public async Task QueryMethodSendsItsArgumentAndDecodesTheReply()
    {
        var transport = new FakeTransport(Encode(null, "(nat)", "(1_000_000)"));
        var client = new Icrc1Client(transport, Ledger);
        var balance = await client.BalanceOfAsync(new Account { Owner = Principal.Anonymous, Subaccount = null });

        Assert.Equal(new Nat(1_000_000UL), balance);
        var call = Assert.Single(transport.Calls);
        Assert.Equal(("query", Ledger, "icrc1_balance_of"), (call.Kind, call.Canister, call.Method));
        Assert.Equal(Decode(Icrc1, "(Account)", Encode(Icrc1, "(Account)", """(record { owner = principal "2vxsx-fae"; subaccount = null })""")),
            Decode(Icrc1, "(Account)", call.Arg));
    }

    [Fact]
    public async Task UpdateMethodGoesThroughCallAsync()
    {
        var transport = new FakeTransport(Encode(Icrc1, "(variant { Ok : nat; Err : TransferError })", "(variant { Err = variant { InsufficientFunds = record { balance = 5 } } })"));
        var client = new Icrc1Client(transport, Ledger);
        var result = await client.TransferAsync(new TransferArgs { To = new Account { Owner = Ledger }, Amount = 10, Memo = [1, 2] });

        var err = Assert.IsType<Icrc1TransferResult.Err>(result);
        Assert.Equal(new Nat(5UL), Assert.IsType<TransferError.InsufficientFunds>(err.Value).Value.Balance);
        var call = Assert.Single(transport.Calls);
        Assert.Equal(("update", "icrc1_transfer"), (call.Kind, call.Method));
        string expected = """(record { to = record { owner = principal "ryjl3-tyaaa-aaaaa-aaaba-cai"; subaccount = null }; fee = null; memo = opt blob "\01\02"; from_subaccount = null; created_at_time = null; amount = 10 })""";
        Assert.Equal(Decode(Icrc1, "(TransferArgs)", Encode(Icrc1, "(TransferArgs)", expected)), Decode(Icrc1, "(TransferArgs)", call.Arg));
    }

    [Fact]
    public async Task NoArgumentQueriesAndVectorsOfTuples()
    {
        var transport = new FakeTransport(
            Encode(Icrc1, "(vec record { text; Value })", """(vec { record { "icrc1:symbol"; variant { Text = "TKN" } } })"""),
            Encode(null, "(opt record { owner : principal; subaccount : opt blob })", "(null)"),
            Encode(null, "(nat8)", "(8)"));
        var client = new Icrc1Client(transport, Ledger);
        var metadata = await client.MetadataAsync();
        Assert.Equal("icrc1:symbol", Assert.Single(metadata).Item1);
        Assert.Null(await client.MintingAccountAsync());
        Assert.Equal((byte)8, await client.DecimalsAsync());
        Assert.All(transport.Calls, c => Assert.Equal("DIDL\0\0"u8.ToArray(), c.Arg));
    }

    [Fact]
    public async Task ABadReplyIsADecodeError()
    {
        var client = new Icrc1Client(new FakeTransport(Encode(null, "(text)", "(\"not a nat\")")), Ledger);
        await Assert.ThrowsAnyAsync<CandidDecodeException>(() => client.FeeAsync());
    }

    private const string ClassDid = """
        type R = record { a : nat; b : opt text };
        // A test canister.
        service : (init : R, n : nat8) -> {
          // Fire and forget.
          ping : (text) -> () oneway;
          pair : (nat) -> (text, opt R) composite_query;
          none : () -> ();
        }
        """;

    private static Type CompileClassClient()
    {
        var files = CSharpClientGenerator.Generate(CandidProgram.Parse(ClassDid), new GeneratorOptions { Namespace = "Dyn", ClientName = "TestClient" });
        var (bytes, diagnostics) = RoslynCompiler.Compile("Dyn", files);
        Assert.Empty(diagnostics);
        return RoslynCompiler.Load(bytes!).GetType("Dyn.TestClient", throwOnError: true)!;
    }

    [Fact]
    public async Task OnewayCompositeQueryMultipleResultsAndInitArguments()
    {
        var scope = CandidProgram.Parse(ClassDid);
        var clientType = CompileClassClient();
        var transport = new FakeTransport(Encode(scope, "(text, opt R)", """("two", opt record { a = 2; b = opt "x" })"""));
        object client = Activator.CreateInstance(clientType, transport, Ledger)!;

        var ping = (Task)clientType.GetMethod("PingAsync")!.Invoke(client, ["hello", CancellationToken.None])!;
        await ping;
        var pair = (Task)clientType.GetMethod("PairAsync")!.Invoke(client, [new Nat(2UL), CancellationToken.None])!;
        await pair;
        var tuple = (System.Runtime.CompilerServices.ITuple)pair.GetType().GetProperty("Result")!.GetValue(pair)!;
        Assert.Equal("two", tuple[0]);
        object? r = tuple[1];
        Assert.Equal(new Nat(2UL), r!.GetType().GetProperty("A")!.GetValue(r));
        await (Task)clientType.GetMethod("NoneAsync")!.Invoke(client, [CancellationToken.None])!;

        Assert.Equal(["oneway ping", "query pair", "update none"], transport.Calls.Select(c => $"{c.Kind} {c.Method}"));
        Assert.Equal("(\"hello\")", Decode(null, "(text)", transport.Calls[0].Arg));
        Assert.Equal("(2 : nat)", Decode(null, "(nat)", transport.Calls[1].Arg));

        var rType = clientType.Assembly.GetType("Dyn.R", throwOnError: true)!;
        object init = Activator.CreateInstance(rType)!;
        rType.GetProperty("A")!.SetValue(init, new Nat(7UL));
        byte[] initArgs = (byte[])clientType.GetMethod("EncodeInitArgs", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [init, (byte)3])!;
        Assert.Equal(Decode(scope, "(R, nat8)", Encode(scope, "(R, nat8)", "(record { a = 7; b = null }, 3)")), Decode(scope, "(R, nat8)", initArgs));
    }

    [Fact]
    public async Task OnewayUsesTheDefaultSendAsyncWhenTheTransportHasNone()
    {
        var clientType = CompileClassClient();
        var transport = new MinimalTransport();
        object client = Activator.CreateInstance(clientType, transport, Ledger)!;
        await (Task)clientType.GetMethod("PingAsync")!.Invoke(client, ["x", CancellationToken.None])!;
        Assert.Equal(["call ping"], transport.Methods);
    }

    [Fact]
    public void ServiceAndMethodDocsBecomeXmlDocs()
    {
        var files = CSharpClientGenerator.Generate(CandidProgram.Parse(ClassDid), new GeneratorOptions { Namespace = "Dyn", ClientName = "TestClient" });
        string client = files.Single(f => f.Name == "TestClient.g.cs").Text;
        Assert.Contains("/// <summary>A test canister.</summary>\n[global::System.CodeDom.Compiler.GeneratedCode", client, StringComparison.Ordinal);
        Assert.Contains("    /// <summary>Fire and forget.</summary>\n    /// <remarks><c>ping : (text) -&gt; () oneway</c>", client, StringComparison.Ordinal);
        Assert.Contains("public static byte[] EncodeInitArgs(global::Dyn.R init, byte n)", client, StringComparison.Ordinal);
    }
}
