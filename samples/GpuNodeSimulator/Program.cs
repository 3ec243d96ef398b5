// GPU nodes and requesters against a bridge (BRIDGE-PROTOCOL.md), with Bridge.Client:
//   dotnet run --project src/Bridge.Service -- --dev          (in one terminal)
//   dotnet run --project samples/GpuNodeSimulator             (in another)
// Nodes of both key kinds register; requesters pay each fee on the ledger with its fee_memo; nodes sign and
// requesters countersign receipts; batches post within seconds; every final receipt's proof is checked against the
// rollup canister's root through the agent; their epochs settle, post and are paid, and the owners' and requesters'
// balances on the reward ledger are printed as each epoch is paid.
using System.Net;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Client.Proofs;
using GpuNodeSimulator;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Ledger;

SimulatorOptions options;
try { options = SimulatorOptions.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Ctrl+C stops everything; --duration stops sending, after which the watcher waits for the last epoch to be paid.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
using var sending = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
var bridge = new BridgeClient(http, new BridgeClientOptions { BaseAddress = options.Bridge });

BridgeInfo? info = null;
for (int attempt = 0; info is null; attempt++)
{
    try { info = await bridge.GetInfoAsync(cts.Token); }
    catch (HttpRequestException e) when (attempt < 60 && !cts.IsCancellationRequested)
    {
        if (attempt == 0) Log.Line($"waiting for the bridge at {options.Bridge} ({e.Message}); start it with: dotnet run --project src/Bridge.Service -- --dev");
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
    }
    catch (HttpRequestException e)
    {
        Console.Error.WriteLine($"no bridge at {options.Bridge}: {e.Message}");
        return 1;
    }
}
Log.Line($"bridge {options.Bridge}: network {info.NetworkId}, rollup {info.RollupCanister}, ledger {info.RewardLedger}, IC at {info.ReplicaUrl}");
Log.Line($"  fee account {info.FeeAccount}; a batch every {info.BatchInterval.TotalSeconds} s, final {info.ChallengeWindow.TotalSeconds} s later; epochs of {info.EpochLength.TotalSeconds} s");

bool local = IPAddress.TryParse(info.ReplicaUrl.Host, out var ip) ? IPAddress.IsLoopback(ip) : info.ReplicaUrl.IsLoopback;
var reader = new IcpAgent(http, new IcpAgentOptions { Url = info.ReplicaUrl, IsLocalNetwork = local }, Bls12381Verifier.Shared);
var simulator = new Simulator(options, bridge, info, http);
try
{
    await simulator.SetUpAsync(cts.Token);
    // The reader's first query fetches the local root key and the subnet's node keys: pay that once, up front.
    if (local) await reader.FetchRootKeyAsync(cts.Token);
    await new IcrcLedger(reader, info.RewardLedger).BalanceOfAsync(info.FeeAccount, cts.Token);
}
catch (Exception e) when (e is BridgeProblemException or HttpRequestException or IcpAgentException or OperationCanceledException)
{
    Console.Error.WriteLine($"setting up failed: {e.Message}");
    return 1;
}
Log.Line($"streaming {options.ReceiptsPerSecond} receipts/s{(options.Duration is { } d ? $" for {d.TotalSeconds} s" : " (Ctrl+C stops)")}");

var rewards = new RewardWatcher(bridge, new IcrcLedger(reader, info.RewardLedger), simulator, info);
Log.Line($"rewards: watching epoch {rewards.NextEpoch} on (it ends within {info.EpochLength.TotalSeconds} s), then each as it settles, posts and is paid; " +
         $"in the first decay period ({info.FirstPeriodEpochs} epochs) requesters get their fees back and providers' owners earn nothing yet");
if (options.Duration is { } duration) sending.CancelAfter(duration);
var watcher = new Watcher(bridge, new RollupProofVerifier(reader, info.RollupCanister), rewards, simulator);
var watching = watcher.RunAsync(cts.Token);
await simulator.RunAsync(sending.Token);
if (!cts.IsCancellationRequested)
{
    // The last receipts are cut into a batch up to a batch interval from now, which may end in the next epoch.
    rewards.Until = rewards.EpochNow(info.BatchInterval * 2);
    Log.Line($"rewards: waiting for epoch {rewards.Until}, the last with this run's receipts, to be paid (Ctrl+C stops)");
    cts.CancelAfter(info.EpochLength * 2 + TimeSpan.FromMinutes(2));
}
await watching;
if (rewards.Done) { Log.Line($"rewards: every epoch up to {rewards.Until} is paid"); return 0; }
if (rewards.Until is { } until) { Console.Error.WriteLine($"epoch {until} was not paid in time"); return 1; }
return 0;
