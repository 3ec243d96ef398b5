using System.Diagnostics;
using Bridge.Client.Fees;
using Bridge.Client.Http;
using Bridge.Client.Keys;
using Bridge.Client.Models;
using Bridge.Client.Proofs;
using Bridge.Client.Signing;
using Bridge.Core.Merkle;
using Bridge.Core.Receipts;
using Bridge.Service.Dev;
using Bridge.Service.Tests;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;
using Icp.Ledger;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Bridge.Container.Tests;

/// <summary>
/// The bridge's image run as a container against the in-process replica on the host (rollup and ledger canisters
/// installed as <c>--dev</c> installs them): configured by environment only, keys mounted read-only, as a non-root
/// user; nodes register, countersigned paid receipts go in over HTTP, batches post and become final on the canister,
/// and every receipt's proof checks against the canister's root. Once on SQLite (a volume), once on PostgreSQL.
/// </summary>
[Collection(BridgeImageCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ContainerFlowTests(BridgeImage image, ITestOutputHelper output)
{
    private const ulong Fee = 150_000;

    private static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_container_settles_countersigned_receipts_on_the_canister_and_serves_proofs_of_them(string store)
    {
        output.WriteLine(image.ToString());
        string directory = Path.Combine(Path.GetTempPath(), "bridge-container-" + Guid.NewGuid().ToString("N"));
        await using var dev = await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = directory,
            ["Dev:ReplicaPort"] = "0",
            ["Bridge:ChallengeWindow"] = "00:00:02",
        }).Build(), CancellationToken.None);
        await using var keys = await KeyDirectory.CreateAsync(new Dictionary<string, string>
        {
            ["poster.pem"] = dev.Settings["Keys:Poster"]!,
            ["payout.pem"] = dev.Settings["Keys:Payout"]!,
        });

        var environment = DevContainerSettings.For(dev, "emc-container");
        environment["Bridge__BatchInterval"] = "00:00:01";
        environment["Bridge__ChallengeWindow"] = "00:00:02";
        string? volume = null;
        if (store == "postgres")
        {
            environment["Store__Provider"] = "postgres";
            environment["Store__ConnectionString"] = PostgresTestDatabase.NewSchema();
        }
        else
        {
            volume = "bridge-test-data-" + Guid.NewGuid().ToString("N")[..12];   // the image's defaults: SQLite at /data/bridge.db
        }

        var started = Stopwatch.StartNew();
        await using var bridgeContainer = await BridgeContainer.StartAsync(environment, keys.Path, volume);
        var ready = await bridgeContainer.WaitUntilReadyAsync(started, TimeSpan.FromMinutes(2));
        output.WriteLine($"{store}: container start to /ready 200 in {ready.TotalSeconds:F2} s");

        await AssertRunsAsNonRootWithReadOnlyKeysAsync(bridgeContainer, store);
        await SettleAndProveAsync(bridgeContainer.Address, dev);

        // The image's HEALTHCHECK (bash /dev/tcp GET /health) reports the running bridge healthy.
        var deadline = Stopwatch.StartNew();
        string health;
        while ((health = await bridgeContainer.HealthAsync()) != "healthy" && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(250);
        Assert.Equal("healthy", health);
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static async Task AssertRunsAsNonRootWithReadOnlyKeysAsync(BridgeContainer bridge, string store)
    {
        // The bridge process itself (pid 1) runs as the image's user, not root.
        var uid = await bridge.ExecAsync("bash", "-c", "awk '/^Uid:/ { print $2 }' /proc/1/status");
        Assert.Equal(0, uid.ExitCode);
        Assert.Equal(BridgeImage.AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture), uid.Stdout.Trim());

        // The key mount is read-only, and the keys are readable by the bridge.
        var write = await bridge.ExecAsync("bash", "-c", $"touch {BridgeContainer.KeysPath}/x");
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Read-only file system", write.Stderr);

        if (store == "sqlite")
        {
            var db = await bridge.ExecAsync("test", "-s", "/data/bridge.db");
            Assert.Equal(0, db.ExitCode);
        }
    }

    private async Task SettleAndProveAsync(Uri address, DevEnvironment dev)
    {
        using var http = new HttpClient();
        var bridge = new BridgeClient(http, new BridgeClientOptions { BaseAddress = address });
        var info = await bridge.GetInfoAsync();
        Assert.Equal("emc-container", info.NetworkId);
        Assert.Equal(dev.RollupId, info.RollupCanister);

        var nodes = new[] { BridgeKey.GenerateEd25519(), BridgeKey.GenerateSecp256k1() };
        foreach (var node in nodes)
        {
            var registered = await bridge.RegisterNodeAsync(NodeRegistrations.Sign(node, info.NetworkId, BridgeKey.GenerateEd25519().Principal));
            Assert.True(registered.IsNew);
            Assert.Equal(node.PublicKeyDer, (await bridge.GetNodeAsync(node.Principal))!.PublicKey);
        }

        // The requester is funded on the local ledger and pays each fee with its fee_memo; the node signs, the requester countersigns.
        var requester = BridgeKey.GenerateSecp256k1();
        await dev.MintAsync(Account.Of(requester.Principal), new Nat(100_000_000UL), CancellationToken.None);
        var ledger = RequesterFees.LedgerFor(http, info.ReplicaUrl, isLocalNetwork: true, requester, info.RewardLedger);
        var receipts = new List<Receipt>();
        for (int i = 0; i < 4; i++)
        {
            var node = nodes[i % 2];
            string id = $"c-{i}";
            ulong block = await RequesterFees.PayAsync(ledger, info.FeeAccount, RequesterFees.Memo(info.NetworkId, node.Principal, id), Fee, DateTimeOffset.UtcNow);
            ulong ended = NowNs - 5_000_000_000;
            var receipt = new Receipt
            {
                NetworkId = info.NetworkId, ReceiptId = id, TaskId = "t-" + id, Provider = node.Principal, Requester = requester.Principal,
                Workload = "stable-diffusion-xl", GpuModel = "RTX 4090", GpuSeconds = 42, StartedAtNs = ended - 60_000_000_000, EndedAtNs = ended,
                FeeToken = info.RewardLedger, FeeAmount = Fee, FeeBlock = block, ResultHash = new byte[32], ProviderSignature = [],
            };
            receipts.Add(ReceiptSigning.Countersign(ReceiptSigning.SignAsProvider(receipt, node), requester));
        }
        foreach (var receipt in receipts.Take(2)) Assert.True((await bridge.SubmitReceiptAsync(receipt)).IsNew);
        Assert.All(await bridge.SubmitReceiptsAsync(receipts.Skip(2).ToList()), r => Assert.Equal(202, r.Status));

        // Final on the canister, and each proof leads to the root the canister holds (read through the verifying agent).
        var agent = new IcpAgent(http, new IcpAgentOptions { Url = info.ReplicaUrl, IsLocalNetwork = true }, Bls12381Verifier.Shared);
        var verifier = new RollupProofVerifier(agent, info.RollupCanister);
        foreach (var receipt in receipts)
        {
            var status = await WaitForFinalAsync(bridge, receipt);
            var check = await verifier.VerifyAsync(status, ReceiptSigning.Hash(receipt));
            Assert.True(check.IsValid, check.Failure);
            Assert.Equal(RollupBatchState.Final, check.State);
        }
        var batches = await bridge.GetBatchesAsync();
        Assert.Equal((ulong)receipts.Count, (ulong)batches.Sum(b => (long)b.ReceiptCount));
        var last = batches[^1];
        Assert.Equal(last.Root, MerkleTree.RootOf((await bridge.GetBatchLeavesAsync(last.Sequence))!.ToList()));
        Assert.Equal(last.Root, (await verifier.ReadBatchAsync(last.Sequence))!.Root);
    }

    private static async Task<ReceiptStatus> WaitForFinalAsync(BridgeClient bridge, Receipt receipt)
    {
        ReceiptStatus? status = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            status = await bridge.GetReceiptAsync(receipt.Provider, receipt.ReceiptId);
            if (status is { State: ReceiptState.Final }) return status;
            await Task.Delay(200);
        }
        throw new TimeoutException($"receipt {receipt.ReceiptId} did not become final: {status?.State}");
    }
}
