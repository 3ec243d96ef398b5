using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridge.Client.Fees;
using Bridge.Client.Json;
using Bridge.Client.Keys;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Bridge.Service.Dev;
using Bridge.Service.Posting;
using Bridge.Service.Settling;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using Icp.Replica;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>
/// A settlement scene: the in-process replica with the rollup and ledger canisters (as <c>--dev</c> installs them), a
/// bridge on it with node A registered, requesters funded on the ledger who pay fees with the fee_memo and countersign
/// receipts. The bridge's store is this project's (SQLite here, PostgreSQL where the file is linked).
/// </summary>
internal sealed class SettlementWorld : IAsyncDisposable
{
    private SettlementWorld(DevEnvironment dev, string directory, Dictionary<string, string> settings, TestBridge bridge, Principal owner)
    {
        Dev = dev;
        Directory = directory;
        Settings = settings;
        Bridge = bridge;
        Owner = owner;
    }

    public DevEnvironment Dev { get; }
    public string Directory { get; }
    public Dictionary<string, string> Settings { get; }
    public TestBridge Bridge { get; private set; }
    /// <summary>Node A's registered owner.</summary>
    public Principal Owner { get; }
    public static BridgeKey NodeKey { get; } = BridgeKey.FromIdentity(SignedReceipts.NodeA);
    public Account FeeAccount => Account.Of(Dev.Payout);
    public EpochSettler Settler => Bridge.App.Services.GetRequiredService<EpochSettler>();
    public BatchPoster Poster => Bridge.App.Services.GetRequiredService<BatchPoster>();

    public static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>
    /// Starts the scene. <paramref name="run"/> false leaves the poster and settler to the test (called directly), with
    /// epoch 1 from a minute ago lasting an hour; <paramref name="settings"/> override anything.
    /// </summary>
    public static async Task<SettlementWorld> StartAsync(bool run, TimeSpan challengeWindow, IDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-settle-" + Guid.NewGuid().ToString("N"));
        string window = challengeWindow.ToString("c", CultureInfo.InvariantCulture);
        var dev = await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = directory, ["Dev:ReplicaPort"] = "0", ["Bridge:ChallengeWindow"] = window,
        }).Build(), CancellationToken.None);
        var all = dev.Settings.Where(kv => !kv.Key.StartsWith("Store:", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value!);
        all["Bridge:PostBatches"] = run ? "true" : "false";
        all["Bridge:BatchInterval"] = "00:00:01";
        all["Bridge:ChallengeWindow"] = window;
        all["Bridge:Genesis"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        all["Bridge:EpochLength"] = "01:00:00";
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) all[k] = v;
        var bridge = await TestBridge.StartAsync(null, all, services, directory);
        using (var created = await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a"))))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var node = await Conformance.ReadObjectAsync(await bridge.Http.GetAsync($"/v1/nodes/{NodeKey.Principal}"));
        return new SettlementWorld(dev, directory, all, bridge, Principal.Parse((string)node["owner"]!));
    }

    /// <summary>Genesis as configured, in ns.</summary>
    public ulong GenesisNs => (ulong)(DateTimeOffset.Parse(Settings["Bridge:Genesis"], CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>The end of epoch 1 (genesis + an hour, unless the test configured another length).</summary>
    public ulong EpochEndNs(long epoch) => GenesisNs + (ulong)epoch * (ulong)TimeSpan.Parse(Settings["Bridge:EpochLength"], CultureInfo.InvariantCulture).Ticks * 100;

    /// <summary>Stops the bridge (a crash, as far as the store and canister can tell) and starts another on the same store.</summary>
    public async Task RestartAsync(Action<IServiceCollection>? services = null)
    {
        await Bridge.StopAsync();
        Bridge = await TestBridge.StartAsync(null, Settings, services, Directory);
    }

    /// <summary>A requester with <paramref name="funds"/> on the ledger; returns its key and the mint block.</summary>
    public async Task<(BridgeKey Key, ulong MintBlock)> NewRequesterAsync(ulong funds = 100_000_000)
    {
        var key = BridgeKey.GenerateEd25519();
        var block = await Dev.MintAsync(Account.Of(key.Principal), new Nat(funds), CancellationToken.None);
        return (key, (ulong)block);
    }

    /// <summary><paramref name="payer"/> pays <paramref name="amount"/> to <paramref name="to"/> (the fee account) with the fee_memo of <paramref name="receiptId"/>.</summary>
    public async Task<ulong> PayAsync(BridgeKey payer, string receiptId, ulong amount, Account? to = null) =>
        await RequesterFees.PayAsync(new IcrcLedger(Dev.Replica.AsTransport(payer.Principal), Dev.LedgerId), to ?? FeeAccount,
            RequesterFees.Memo(TestBridge.NetworkId, NodeKey.Principal, receiptId), amount, Dev.Replica.Time);

    /// <summary>A receipt of node A for <paramref name="requester"/>, signed (and countersigned unless told not to).</summary>
    public Receipt Receipt(string id, BridgeKey requester, ulong fee, ulong? feeBlock, ulong gpuSeconds = 30, Principal? feeToken = null,
        bool countersign = true)
    {
        ulong ended = NowNs - 5_000_000_000;
        var receipt = new Receipt
        {
            NetworkId = TestBridge.NetworkId, ReceiptId = id, TaskId = "t-" + id, Provider = NodeKey.Principal, Requester = requester.Principal,
            Workload = "stable-diffusion-xl", GpuModel = "RTX 3090", GpuSeconds = gpuSeconds, StartedAtNs = ended - 60_000_000_000, EndedAtNs = ended,
            FeeToken = feeToken ?? Dev.LedgerId, FeeAmount = fee, FeeBlock = feeBlock, ResultHash = new byte[32], ProviderSignature = [],
        };
        receipt = ReceiptSigning.SignAsProvider(receipt, NodeKey);
        return countersign ? ReceiptSigning.Countersign(receipt, requester) : receipt;
    }

    public async Task SubmitAsync(Receipt receipt)
    {
        using var response = await Bridge.Http.PostAsync("/v1/receipts", Conformance.Json(BridgeJson.Receipt(receipt)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Cuts what arrived, posts it and follows the batches until none is waiting for its challenge window.</summary>
    public async Task CutPostAndFinishAsync()
    {
        await Poster.CutAsync(NowNs + 1, CancellationToken.None);
        await Poster.PostAsync(CancellationToken.None);
        await FinishAsync();
    }

    public async Task FinishAsync()
    {
        for (int i = 0; i < 300; i++)
        {
            await Poster.FollowAsync(CancellationToken.None);
            var batches = await Bridge.Store.ListBatchesAsync(1, 1000);
            if (batches.All(b => b.State is BatchState.Final or BatchState.Rejected)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the batches did not become final");
    }

    /// <summary>The poster's cuts pass the end of <paramref name="epoch"/> (nothing waits to be cut).</summary>
    public Task CloseEpochAsync(long epoch) => Poster.CutAsync(EpochEndNs(epoch), CancellationToken.None);

    public async Task<JsonObject> EpochAsync(long epoch) => await Conformance.ReadObjectAsync(await Bridge.Http.GetAsync($"/v1/epochs/{epoch}"));

    public async ValueTask DisposeAsync()
    {
        await Bridge.DisposeAsync();
        await Dev.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
