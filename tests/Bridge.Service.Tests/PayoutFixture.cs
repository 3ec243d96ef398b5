using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using Bridge.Core.Payouts;
using Bridge.Core.Rewards;
using Bridge.Service.Dev;
using Bridge.Service.Payouts;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using Icp.Replica;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>
/// The in-process replica with our ledger (and rollup) as <c>--dev</c> installs them, epochs whose lines come from
/// Core's <see cref="RewardEngine"/> (real line hashes, fresh requesters), bridges started on it, and the checks every
/// payout test ends with: read from the ledger's own ICRC-3 blocks and balances.
/// </summary>
internal sealed class PayoutFixture : IAsyncDisposable
{
    private PayoutFixture(DevEnvironment dev, string directory)
    {
        Dev = dev;
        Directory = directory;
    }

    public DevEnvironment Dev { get; }

    public string Directory { get; }

    /// <summary>The ledger read as anyone (queries) and changed as its controller (the anonymous principal).</summary>
    public IcrcLedger Ledger => new(Dev.Replica.AsTransport(), Dev.LedgerId);

    public Ic.LocalLedger.LocalLedgerClient Admin => new(Dev.Replica.AsTransport(), Dev.LedgerId);

    public Account PayoutAccount => Account.Of(Dev.Payout);

    public static async Task<PayoutFixture> StartAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-payout-" + Guid.NewGuid().ToString("N"));
        var dev = await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = directory,
            ["Dev:ReplicaPort"] = "0",
        }).Build(), CancellationToken.None);
        return new PayoutFixture(dev, directory);
    }

    /// <summary>Bridge settings: the dev environment's, posting off, fast payout retries, and <paramref name="extra"/>.</summary>
    public Dictionary<string, string> Settings(IDictionary<string, string>? extra = null)
    {
        var settings = Dev.Settings.ToDictionary(kv => kv.Key, kv => kv.Value!);
        // The store of the test project (TestStoreSettings: SQLite here, PostgreSQL where this file is linked).
        settings.Remove("Store:Provider");
        settings.Remove("Store:ConnectionString");
        settings["Bridge:PostBatches"] = "false";
        settings["Bridge:EpochLength"] = "00:00:01";
        settings["Payouts:PollInterval"] = "00:00:00.2";
        settings["Payouts:RetryDelay"] = "00:00:00.2";
        settings["Payouts:MaxRetryDelay"] = "00:00:01";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) settings[k] = v;
        return settings;
    }

    /// <summary>
    /// A bridge on this fixture's directory (its SQLite file survives a restart), once it holds the active role: on
    /// PostgreSQL the epochs a test writes go through the fenced store, which refuses them before the lease is taken.
    /// </summary>
    public async Task<TestBridge> StartBridgeAsync(IDictionary<string, string>? extra = null, Action<IServiceCollection>? services = null, TimeProvider? time = null)
    {
        var bridge = await TestBridge.StartAsync(null, Settings(extra), s =>
        {
            if (time is not null) s.AddSingleton(time);
            services?.Invoke(s);
        }, Directory);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await bridge.App.Services.GetRequiredService<Leadership.ILeadership>().WaitForLeadershipAsync(timeout.Token);
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers a fault injector over the payout agent as the worker's transport.</summary>
    public static Action<IServiceCollection> Inject(FaultyTransport.Rule rule, Action<FaultyTransport>? created = null) => services =>
        services.AddKeyedSingleton<ICanisterTransport>(PayoutWorker.TransportKey, (sp, _) =>
        {
            var t = new FaultyTransport(sp.GetRequiredService<Ic.BridgeIc>().PayoutAgent, rule);
            created?.Invoke(t);
            return t;
        });

    /// <summary>An epoch's lines from the reward engine: in period 1 each requester gets its fee back, one line per receipt.</summary>
    public EpochRewards Rewards(long epoch, params BigInteger[] fees)
    {
        var provider = Principal.SelfAuthenticating(Guid.NewGuid().ToByteArray());
        return RewardEngine.Compute(new EpochRewardInput
        {
            Epoch = (ulong)epoch,
            NetworkId = TestBridge.NetworkId,
            EmissionPerEpoch = BigInteger.Parse("5000000000000"),
            FirstPeriodEpochs = 90,
            Tokens = [new RewardToken(Dev.LedgerId, 1, 1)],
            Receipts = [.. fees.Select((fee, i) => new RewardReceipt
            {
                Requester = Principal.SelfAuthenticating(Guid.NewGuid().ToByteArray()),
                ProviderOwner = provider,
                GpuSeconds = 10,
                FeeToken = Dev.LedgerId,
                FeeAmount = fee,
                FeeBlock = (ulong)i,
                FeePaid = true,
                BatchRejected = false,
                Countersigned = true,
            })],
        });
    }

    /// <summary>Stores an epoch (state <paramref name="state"/>) with its lines unstamped, as the settler does.</summary>
    public static async Task<IReadOnlyList<StoredLine>> AddEpochAsync(IBridgeStore store, long epoch, EpochRewards rewards, string state = "posted",
        Func<StoredLine, StoredLine>? stamp = null)
    {
        var lines = rewards.Lines.Select((l, i) => new StoredLine(epoch, i, l.Owner.ToArray(), l.Subaccount, l.Amount, l.LineHash, 0, 0, "pending", null, null))
            .Select(l => stamp?.Invoke(l) ?? l).ToList();
        Assert.True(await store.AddEpochAsync(new StoredEpoch(epoch, 1, 0, state, rewards.DistributionRoot, rewards.Total), lines, []));
        return lines;
    }

    /// <summary>Waits until the stored epoch has <paramref name="state"/>.</summary>
    public static async Task WaitForEpochAsync(IBridgeStore store, long epoch, string state, int seconds = 60)
    {
        for (int i = 0; i < seconds * 10; i++)
        {
            if ((await store.GetEpochAsync(epoch))?.State == state) return;
            await Task.Delay(100);
        }
        var lines = await store.GetLinesAsync(epoch);
        throw new TimeoutException($"epoch {epoch} did not become {state}: {string.Join(", ", lines.Select(l => $"{l.Index}:{l.Status}:{l.Reason}"))}");
    }

    /// <summary>Waits until <paramref name="done"/> holds for the stored line.</summary>
    public static async Task<StoredLine> WaitForLineAsync(IBridgeStore store, long epoch, long index, Func<StoredLine, bool> done, int seconds = 60)
    {
        StoredLine? line = null;
        for (int i = 0; i < seconds * 10; i++)
        {
            line = (await store.GetLinesAsync(epoch)).Single(l => l.Index == index);
            if (done(line)) return line;
            await Task.Delay(100);
        }
        throw new TimeoutException($"line {epoch}/{index} did not get there: {line}");
    }

    /// <summary>
    /// The ledger's own record: for each line exactly one block carries its line_hash as memo, and that block is a
    /// transfer from the payout account to the line's account of its amount; the recipient's balance is the amount.
    /// Returns each line's block index.
    /// </summary>
    public async Task<Dictionary<long, BigInteger>> AssertPaidOnceAsync(IReadOnlyList<StoredLine> lines)
    {
        var blocks = new List<Block>();
        await foreach (var b in Ledger.GetBlocksAsync()) blocks.Add(b);
        var result = new Dictionary<long, BigInteger>();
        foreach (var line in lines)
        {
            var reward = new RewardLine(Principal.FromBytes(line.Owner), line.Subaccount, line.Amount, line.LineHash);
            var carrying = blocks.Where(b => b.Field("tx") is Icp.Ledger.Icrc3.Value.Map tx
                && tx.Value.Any(f => f.Item1 == "memo" && f.Item2 is Icp.Ledger.Icrc3.Value.Blob m && m.Value.AsSpan().SequenceEqual(line.LineHash))).ToList();
            var block = Assert.Single(carrying);
            Assert.True(PayoutPlan.Pays(block.Value, reward, PayoutAccount), $"block {block.Index} does not pay line {line.Index}");
            Assert.Equal(line.Amount, (BigInteger)(await Ledger.BalanceOfAsync(new Account(reward.Owner, reward.Subaccount))).Units);
            result[line.Index] = (BigInteger)block.Index;
        }
        return result;
    }

    public static async Task<JsonObject> GetJsonAsync(TestBridge bridge, string path)
    {
        using var response = await bridge.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Conformance.ReadObjectAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        await Dev.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The payout agent with faults injected into <c>icrc1_transfer</c> calls of chosen lines (found by their line_hash in
/// the argument bytes): the real ledger cannot lose a reply after executing, nor answer GenericError on demand.
/// </summary>
internal sealed class FaultyTransport(ICanisterTransport inner, FaultyTransport.Rule rule) : ICanisterTransport
{
    /// <summary>What to do with a transfer call: its argument bytes, and how many calls with these bytes came before.</summary>
    public delegate Fault Rule(byte[] arg, int seenBefore);

    public enum Fault { Pass, LoseReply, Drop, GenericError, TemporarilyUnavailable, GenericErrorAfterExecuting }

    private readonly Dictionary<string, int> _seen = [];
    private int _executed;

    /// <summary>Transfers that reached the ledger.</summary>
    public int Executed => Volatile.Read(ref _executed);

    public async Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
    {
        if (method != "icrc1_transfer") return await inner.CallAsync(canister, method, arg, ct);
        int seen;
        lock (_seen)
        {
            string key = Convert.ToHexString(arg);
            _seen[key] = (seen = _seen.GetValueOrDefault(key)) + 1;
        }
        switch (rule(arg, seen))
        {
            case Fault.LoseReply:
                Interlocked.Increment(ref _executed);
                await inner.CallAsync(canister, method, arg, ct);
                throw new IOException("the reply was lost");
            case Fault.Drop:
                throw new IOException("the request was lost before the ledger");
            case Fault.GenericErrorAfterExecuting:
                // The worst case for a release: the transfer went through, yet the answer says it was refused.
                Interlocked.Increment(ref _executed);
                await inner.CallAsync(canister, method, arg, ct);
                goto case Fault.GenericError;
            case Fault.GenericError:
                return Reply(new Icp.Ledger.Icrc1.Icrc1TransferResult.Err(new Icp.Ledger.Icrc1.TransferError.GenericError(
                    new Icp.Ledger.Icrc1.TransferErrorGenericError { ErrorCode = 7, Message = "frozen for review" })));
            case Fault.TemporarilyUnavailable:
                return Reply(new Icp.Ledger.Icrc1.Icrc1TransferResult.Err(new Icp.Ledger.Icrc1.TransferError.TemporarilyUnavailable()));
            default:
                Interlocked.Increment(ref _executed);
                return await inner.CallAsync(canister, method, arg, ct);
        }
    }

    public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) => inner.QueryAsync(canister, method, arg, ct);

    /// <summary>True when the call's argument carries <paramref name="lineHash"/> (the memo).</summary>
    public static bool Carries(byte[] arg, byte[] lineHash) => arg.AsSpan().IndexOf(lineHash) >= 0;

    private static byte[] Reply(Icp.Ledger.Icrc1.Icrc1TransferResult result)
    {
        using var writer = new CandidArgumentWriter(Icp.Ledger.Icrc1.Icrc1Candid.Types.Icrc1TransferResult);
        writer.Write(Icp.Ledger.Icrc1.Icrc1Candid.Icrc1TransferResult, result);
        return writer.ToArray();
    }
}

/// <summary>A clock that runs with the system's, shifted by <see cref="Skew"/> (changed while the bridge runs).</summary>
internal sealed class SkewedTimeProvider : TimeProvider
{
    private long _skewTicks;

    public TimeSpan Skew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _skewTicks));
        set => Interlocked.Exchange(ref _skewTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Skew;
}
