using System.Collections.Concurrent;
using System.Net;
using Bridge.Client.Fees;
using Bridge.Client.Http;
using Bridge.Client.Keys;
using Bridge.Client.Models;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;
using Icp.Ledger;

namespace GpuNodeSimulator;

/// <summary>Registers the nodes, funds the requesters, and streams receipts: each fee paid on the ledger with its
/// fee_memo, then signed by the node and countersigned by the requester.</summary>
internal sealed class Simulator(SimulatorOptions options, BridgeClient bridge, BridgeInfo info, HttpClient http)
{
    private static readonly string[] Workloads = ["stable-diffusion-xl", "llama-3-70b-inference", "whisper-large-v3", "flux-1-dev"];
    private static readonly string[] GpuModels = ["RTX 3090", "RTX 4090", "A100 80GB", "H100 SXM"];

    private readonly string _run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public List<Node> Nodes { get; } = [];

    public List<Requester> Requesters { get; } = [];

    /// <summary>Receipts the bridge acknowledged, for the watcher to prove.</summary>
    public ConcurrentQueue<Receipt> Submitted { get; } = new();

    public async Task SetUpAsync(CancellationToken ct)
    {
        bool local = IPAddress.TryParse(info.ReplicaUrl.Host, out var ip) ? IPAddress.IsLoopback(ip) : info.ReplicaUrl.IsLoopback;
        for (int i = 1; i <= options.Nodes; i++)
        {
            var node = new Node(i, BridgeKey.Generate(i % 2 == 1 ? PublicKeyKind.Ed25519 : PublicKeyKind.Secp256k1), BridgeKey.GenerateEd25519());
            var registered = await bridge.RegisterNodeAsync(NodeRegistrations.Sign(node.Key, info.NetworkId, node.Owner.Principal), ct);
            Log.Line($"{node.Name} {Log.Short(registered.Provider)} registered ({(registered.IsNew ? "201" : "200")}), rewards to {Log.Short(registered.Owner)}");
            Nodes.Add(node);
        }
        for (int i = 1; i <= options.Requesters; i++)
        {
            var key = BridgeKey.Generate(i % 2 == 1 ? PublicKeyKind.Secp256k1 : PublicKeyKind.Ed25519);
            var requester = new Requester(i, key, RequesterFees.LedgerFor(http, info.ReplicaUrl, local, key, info.RewardLedger));
            try
            {
                await bridge.MintFromDevFaucetAsync(Account.Of(key.Principal), 1_000_000_000_000, ct);
                Log.Line($"{requester.Name} {Log.Short(key.Principal)} funded by the dev faucet");
            }
            catch (BridgeProblemException e) when (e.Status == 404)
            {
                Log.Line($"{requester.Name} {key.Principal}: the bridge has no faucet (not --dev); fund this principal on {info.RewardLedger} to pay fees");
            }
            Requesters.Add(requester);
        }
    }

    /// <summary>Sends receipts at the configured rate until cancelled, up to 4 under way at once (a fee payment is an
    /// update call); every fifth round sends two receipts through the batch endpoint.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / options.ReceiptsPerSecond);
        using var timer = new PeriodicTimer(interval < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : interval);
        using var underWay = new SemaphoreSlim(4);
        var tasks = new List<Task>();
        long round = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await underWay.WaitAsync(ct);
                long n = ++round;
                tasks.RemoveAll(t => t.IsCompleted);
                tasks.Add(Task.Run(async () =>
                {
                    try { await SendRoundAsync(n, ct); }
                    finally { underWay.Release(); }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await Task.WhenAll(tasks);
        Log.Line($"stopped: {Interlocked.Read(ref _accepted)} receipts acknowledged, {Interlocked.Read(ref _refused)} refused");
    }

    private long _accepted, _refused, _sent;

    private async Task SendRoundAsync(long n, CancellationToken ct)
    {
        try
        {
            if (n % 5 != 0)
            {
                var receipt = await MakeReceiptAsync($"{n:D6}", ct);
                await bridge.SubmitReceiptAsync(receipt, ct);
                Accepted(receipt);
            }
            else
            {
                Receipt[] receipts = [await MakeReceiptAsync($"{n:D6}a", ct), await MakeReceiptAsync($"{n:D6}b", ct)];
                var results = await bridge.SubmitReceiptsAsync(receipts, ct);
                for (int i = 0; i < results.Count; i++)
                {
                    if (results[i].IsAccepted) Accepted(receipts[i]);
                    else { Interlocked.Increment(ref _refused); Log.Line($"refused {receipts[i].ReceiptId}: {results[i].Problem}"); }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (BridgeProblemException e)
        {
            Interlocked.Increment(ref _refused);
            Log.Line($"refused: {e.Problem}");
        }
        catch (LedgerRejectedException e)
        {
            Log.Line($"fee payment refused by the ledger: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or Icp.Agent.IcpAgentException)
        {
            Log.Line($"the bridge or the IC is unreachable ({e.Message}); going on");
        }
    }

    private void Accepted(Receipt receipt)
    {
        Submitted.Enqueue(receipt);
        long accepted = Interlocked.Increment(ref _accepted);
        if (accepted % 25 == 0) Log.Line($"{accepted} receipts acknowledged, {Interlocked.Read(ref _refused)} refused");
    }

    private async Task<Receipt> MakeReceiptAsync(string number, CancellationToken ct)
    {
        long n = Interlocked.Increment(ref _sent);
        var node = Nodes[(int)(n % Nodes.Count)];
        var requester = Requesters[Random.Shared.Next(Requesters.Count)];
        string id = $"sim-{_run}-{number}";
        ulong fee = (ulong)Random.Shared.Next(10_000, 500_000);
        // The requester pays first: the memo binds the payment to (provider, receipt_id), both known before the task ends.
        ulong block = await RequesterFees.PayAsync(requester.Ledger, info.FeeAccount, RequesterFees.Memo(info.NetworkId, node.Key.Principal, id),
            fee, DateTimeOffset.UtcNow, ct: ct);
        ulong seconds = (ulong)Random.Shared.Next(5, 120);
        ulong ended = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100 - 1_000_000_000;
        var receipt = new Receipt
        {
            NetworkId = info.NetworkId, ReceiptId = id, TaskId = $"task-{number}", Provider = node.Key.Principal, Requester = requester.Key.Principal,
            Workload = Workloads[n % Workloads.Length], GpuModel = GpuModels[node.Number % GpuModels.Length], GpuSeconds = seconds,
            StartedAtNs = ended - seconds * 1_000_000_000, EndedAtNs = ended, FeeToken = info.RewardLedger, FeeAmount = fee, FeeBlock = block,
            ResultHash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)), ProviderSignature = [],
        };
        return ReceiptSigning.Countersign(ReceiptSigning.SignAsProvider(receipt, node.Key), requester.Key);
    }
}
