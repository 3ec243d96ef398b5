using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using Bridge.Client.Fees;
using Bridge.Client.Json;
using Bridge.Client.Keys;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Bridge.Service.Dev;
using Icp.Ledger;

namespace Bridge.CrashTests.World;

/// <summary>
/// Requesters paying fees with the fee_memo and submitting countersigned receipts, several at once, to the bridges
/// in turn. A receipt is sent again until a bridge answers 202 or 200 (the bridge may be dead or restarting); the
/// answered ones are the receipts the end checks expect in exactly one batch.
/// </summary>
internal sealed class ReceiptDriver(CrashWorld world, IReadOnlyList<Uri> bridges, string tag)
{
    private readonly ConcurrentDictionary<(string Provider, string ReceiptId), byte[]> _acknowledged = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly object _feesGate = new();
    private BigInteger _feesPaid;
    private readonly Dictionary<Icp.Candid.Principal, BigInteger> _spent = [];
    private long _next, _created, _duplicates, _resent;

    /// <summary>(provider text, receipt_id) of every receipt answered 202 or 200, with its receipt_hash.</summary>
    public IReadOnlyDictionary<(string Provider, string ReceiptId), byte[]> Acknowledged => _acknowledged;

    /// <summary>Answers other than 202, 200, 429 and 503.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    /// <summary>The fees transferred to the fee account (the payout account), answered or not.</summary>
    public BigInteger FeesPaid { get { lock (_feesGate) return _feesPaid; } }

    /// <summary>What <paramref name="requester"/> spent on fees, the ledger's transfer fees included.</summary>
    public BigInteger SpentBy(Icp.Candid.Principal requester) { lock (_feesGate) return _spent.GetValueOrDefault(requester); }

    public string Summary => $"{_acknowledged.Count} acknowledged ({Interlocked.Read(ref _created)} × 202, {Interlocked.Read(ref _duplicates)} × 200), " +
        $"{Interlocked.Read(ref _resent)} sends repeated after no answer";

    /// <summary>Runs <paramref name="workers"/> submitters until <paramref name="stop"/>.</summary>
    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w, stop), CancellationToken.None)));

    private async Task WorkerAsync(int worker, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ledgers = world.Requesters.Select(r => world.Ledger(r.Identity)).ToList();
        while (!stop.IsCancellationRequested)
        {
            long n = Interlocked.Increment(ref _next);
            var node = world.Nodes[(int)(n % world.Nodes.Count)];
            int r = (int)(n / world.Nodes.Count % world.Requesters.Count);
            string id = $"{tag}-{n:D6}";
            ulong fee = 100_000UL + (ulong)(n % 7) * 50_000UL;
            ulong block;
            try
            {
                block = await RequesterFees.PayAsync(ledgers[r], Account.Parse(world.Settings["Rewards:FeeAccount"]),
                    RequesterFees.Memo(CrashWorld.NetworkId, node.Principal, id), fee, DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                _problems.Enqueue($"fee payment for {id}: {e.GetType().Name}: {e.Message}");
                continue;
            }
            lock (_feesGate)
            {
                _feesPaid += fee;
                _spent[world.Requesters[r].Principal] = _spent.GetValueOrDefault(world.Requesters[r].Principal) + fee + BridgeCanisters.TransferFee;
            }
            var receipt = Receipt(id, node, world.Requesters[r], fee, block);
            await SubmitAsync(http, worker, receipt, stop);
        }
    }

    private async Task SubmitAsync(HttpClient http, int worker, Receipt receipt, CancellationToken stop)
    {
        byte[] body = BridgeJson.Receipt(receipt);
        for (int attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            var bridge = bridges[(worker + attempt) % bridges.Count];
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(new Uri(bridge, "v1/receipts"), content);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Increment(ref _created);
                    else Interlocked.Increment(ref _duplicates);
                    _acknowledged[(receipt.Provider.ToString(), receipt.ReceiptId)] = ReceiptSigning.Hash(receipt);
                    return;
                }
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
                {
                    _problems.Enqueue($"{receipt.ReceiptId} at {bridge}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer: the bridge died or is starting; the receipt may or may not be stored. Send it again.
                Interlocked.Increment(ref _resent);
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private Receipt Receipt(string id, BridgeKey node, BridgeKey requester, ulong fee, ulong feeBlock)
    {
        ulong ended = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100 - 1_000_000_000;
        var receipt = new Receipt
        {
            NetworkId = CrashWorld.NetworkId, ReceiptId = id, TaskId = "task-" + id, Provider = node.Principal, Requester = requester.Principal,
            Workload = "stable-diffusion-xl", GpuModel = "RTX 4090", GpuSeconds = 30, StartedAtNs = ended - 30_000_000_000, EndedAtNs = ended,
            FeeToken = world.LedgerId, FeeAmount = fee, FeeBlock = feeBlock, ResultHash = new byte[32], ProviderSignature = [],
        };
        return ReceiptSigning.Countersign(ReceiptSigning.SignAsProvider(receipt, node), requester);
    }
}
