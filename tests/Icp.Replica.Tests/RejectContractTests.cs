namespace Icp.Replica.Tests;

/// <summary>
/// The same client code over both transports (the HTTP agent against the replica's HTTP interface, and the
/// in-process transport) sees a reject as the same exception with the same code.
/// </summary>
public sealed class RejectContractTests
{
    public static TheoryData<string> Transports => ["http", "in-process"];

    private static ICanisterTransport Transport(LocalReplica ic, string kind) =>
        kind == "http" ? HttpReplica.Agent(ic) : ic.AsTransport();

    // Client code as an application writes it against the seam: it knows nothing of the transport.
    private static async Task<string> AddOrExplainAsync(ICanisterTransport transport, Principal counter, string method, bool query = false)
    {
        try
        {
            var reply = query
                ? await transport.QueryAsync(counter, method, TestReplica.NoArgs, CancellationToken.None)
                : await transport.CallAsync(counter, method, TestReplica.Args((Nat)3), CancellationToken.None);
            return "ok " + CandidSerializer.Deserialize<Nat>(reply);
        }
        catch (CallRejectedException e)
        {
            return $"rejected {e.RejectCode} {e.ErrorCode}";
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_canister_trap_reaches_the_caller_as_the_same_reject_exception_over_every_transport(string kind)
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var transport = Transport(ic, kind);

        Assert.Equal("ok 3", await AddOrExplainAsync(transport, counter, "add"));
        Assert.Equal("rejected CanisterError IC0503", await AddOrExplainAsync(transport, counter, "addThenTrap"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_missing_method_reaches_the_caller_as_the_same_reject_exception_over_every_transport(string kind)
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var transport = Transport(ic, kind);

        Assert.Equal("rejected DestinationInvalid IC0302", await AddOrExplainAsync(transport, counter, "noSuchMethod"));
        Assert.Equal("rejected DestinationInvalid IC0302", await AddOrExplainAsync(transport, counter, "noSuchQuery", query: true));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_missing_canister_reaches_the_caller_as_the_same_reject_exception_over_every_transport(string kind)
    {
        await using var ic = await HttpReplica.StartAsync();
        await ic.InstallAsync("Counter");
        var transport = Transport(ic, kind);
        var missing = Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai");

        Assert.Equal("rejected DestinationInvalid IC0301", await AddOrExplainAsync(transport, missing, "add"));
    }
}
