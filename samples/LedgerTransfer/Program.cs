// Installs our ICRC-1/2/3 ledger (canisters/ledger) with initial balances and transfers tokens with Icp.Ledger:
// on the in-process replica by default, or on a local replica over HTTP with --url (dfx, PocketIC).
//
//   (the first run builds canisters/out/ledger.wasm with `node canisters/build.mjs ledger`)
//   dotnet run --project samples/LedgerTransfer
//   dotnet run --project samples/LedgerTransfer -- --url http://127.0.0.1:4943 [--effective-canister-id <id>]
using System.Text;
using Icp.Agent;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Management;
using Icp.Replica;
using Microsoft.Extensions.DependencyInjection;

string? url = Option("--url");
string wasmPath = Option("--wasm") ?? FindLedgerWasm();
var wasm = File.ReadAllBytes(wasmPath);

// Two users: a fresh Ed25519 identity each. Over HTTP the agent signs as Alice; in-process, the replica takes senders.
var aliceId = Ed25519Identity.Generate();
var alice = aliceId.Sender;
var bob = Ed25519Identity.Generate().Sender;
var minter = Ed25519Identity.Generate().Sender;

LocalReplica? replica = null;
ServiceProvider? services = null;
ICanisterTransport transport;
if (url is null)
{
    replica = await LocalReplica.StartAsync();
    transport = replica.AsTransport(alice);
    Console.WriteLine("replica: in-process");
}
else
{
    services = new ServiceCollection().AddLogging().AddIcpAgent(o =>
    {
        o.Url = new Uri(url);
        o.Identity = aliceId;
        o.IsLocalNetwork = true;
    }).Services.BuildServiceProvider();
    transport = services.GetRequiredService<IcpAgent>();
    Console.WriteLine($"replica: {url}");
}

try
{
    // Create and install through the management canister client (routed by effective canister id over HTTP).
    var effective = Option("--effective-canister-id") is { } e ? Principal.Parse(e) : Principal.Parse("rwlgt-iiaaa-aaaaa-aaaaa-cai");
    var management = new ManagementCanister(transport, effective);
    var ledgerId = await management.ProvisionalCreateCanisterAsync(cycles: 1_000_000_000_000UL);
    await management.InstallCodeAsync(ledgerId, wasm, LedgerInit.Encode(minter, [(alice, TokenAmount.Parse("100", 8))], fee: 10_000, decimals: 8));
    Console.WriteLine($"ledger:  {ledgerId}");

    var ledger = new IcrcLedger(transport, ledgerId);
    var fee = await ledger.FeeAsync();
    Console.WriteLine($"token:   {await ledger.Icrc1.NameAsync()} ({await ledger.Icrc1.SymbolAsync()}), fee {fee}");

    var savings = Account.WithSubaccountIndex(bob, 1);
    Console.WriteLine($"alice    {Account.Of(alice)}: {await ledger.BalanceOfAsync(Account.Of(alice))}");
    Console.WriteLine($"bob      {savings}: {await ledger.BalanceOfAsync(savings)}");

    // The request fixes created_at_time and memo: sending it again is deduplicated by the ledger.
    var request = new TransferRequest
    {
        To = savings,
        Amount = TokenAmount.Parse("12.5", await ledger.GetDecimalsAsync()),
        CreatedAt = replica?.Time ?? DateTimeOffset.UtcNow,
        Memo = Encoding.UTF8.GetBytes("invoice 42"),
    };
    var outcome = await ledger.TransferAsync(request);
    Console.WriteLine($"transfer 12.5: {outcome}");
    Console.WriteLine($"retry:         {await ledger.TransferAsync(request)}");

    Console.WriteLine($"alice: {await ledger.BalanceOfAsync(Account.Of(alice))}");
    Console.WriteLine($"bob:   {await ledger.BalanceOfAsync(savings)}");

    await foreach (var block in ledger.GetBlocksAsync(outcome.EnsureSuccess()))
    {
        Console.WriteLine($"block {block.Index}: hash {Convert.ToHexStringLower(block.Hash())}");
        Console.WriteLine($"  phash {Convert.ToHexStringLower(block.ParentHash ?? [])}");
        Console.WriteLine($"  {Show(block.Value)}");
    }
    return 0;
}
finally
{
    if (replica is not null) await replica.DisposeAsync();
    if (services is not null) await services.DisposeAsync();
}

static string Show(Icp.Ledger.Icrc3.Value v) => v switch
{
    Icp.Ledger.Icrc3.Value.Map m => "{ " + string.Join("; ", m.Value.Select(e => $"{e.Item1} = {Show(e.Item2)}")) + " }",
    Icp.Ledger.Icrc3.Value.Array a => "[" + string.Join(", ", a.Value.Select(Show)) + "]",
    Icp.Ledger.Icrc3.Value.Blob b => "0x" + Convert.ToHexStringLower(b.Value),
    Icp.Ledger.Icrc3.Value.Nat n => n.Value.ToString(),
    Icp.Ledger.Icrc3.Value.Int i => i.Value.ToString(),
    Icp.Ledger.Icrc3.Value.Text t => $"\"{t.Value}\"",
    _ => v.ToString(),
};

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindLedgerWasm()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (!File.Exists(Path.Combine(dir.FullName, "Bridge.sln"))) continue;
        var path = Path.Combine(dir.FullName, "canisters", "out", "ledger.wasm");
        if (File.Exists(path)) return path;
        // First run: build the canister offline with the pinned Motoko compiler (npm `motoko`).
        if (!Directory.Exists(Path.Combine(dir.FullName, "canisters", "node_modules", "motoko")))
            Run(dir.FullName, "npm", "ci", "--prefix", "canisters", "--no-audit", "--no-fund");
        Run(dir.FullName, "node", "canisters/build.mjs", "ledger");
        if (File.Exists(path)) return path;
    }
    throw new FileNotFoundException("canisters/out/ledger.wasm not found: run `npm ci --prefix canisters && node canisters/build.mjs`, or pass --wasm");
}

static void Run(string directory, string command, params string[] args)
{
    Console.WriteLine($"building the ledger canister: {command} {string.Join(' ', args)}");
    var psi = new System.Diagnostics.ProcessStartInfo(command) { WorkingDirectory = directory };
    foreach (var a in args) psi.ArgumentList.Add(a);
    using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"{command} did not start");
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed with exit code {p.ExitCode}");
}

/// <summary>The ledger's init argument, with the client generated from candid/ledger.did.</summary>
internal static class LedgerInit
{
    public static byte[] Encode(Principal minter, (Principal Owner, TokenAmount Amount)[] balances, ulong fee, byte decimals) =>
        LedgerTransfer.Canister.LedgerCanisterClient.EncodeInitArgs(new LedgerTransfer.Canister.InitArgs
        {
            MintingAccount = new LedgerTransfer.Canister.Account { Owner = minter },
            InitialBalances = [.. balances.Select(b => new LedgerTransfer.Canister.InitArgsInitialBalancesItem
            {
                Item1 = new LedgerTransfer.Canister.Account { Owner = b.Owner },
                Item2 = b.Amount.Units,
            })],
            TransferFee = fee,
            TokenName = "Sample Token",
            TokenSymbol = "SMPL",
            Decimals = decimals,
        });
}
