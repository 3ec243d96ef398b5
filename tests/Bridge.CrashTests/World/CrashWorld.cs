using System.Globalization;
using Bridge.Client.Keys;
using Bridge.CrashTests.Processes;
using Bridge.Service.Dev;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Management;

namespace Bridge.CrashTests.World;

/// <summary>
/// What the bridge processes run against: the replica in its own process with the rollup canister and the ledger
/// installed through an agent (<see cref="BridgeCanisters"/>, as <c>--dev</c> installs them), PEM keys written 0600,
/// nodes with their owners, requesters funded on the ledger, and the bridge's configuration.
/// </summary>
internal sealed class CrashWorld : IAsyncDisposable
{
    public const string NetworkId = "emc-crash";
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan ChallengeWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan EpochLength = TimeSpan.FromSeconds(5);
    public static readonly Nat InitialPayoutBalance = new(100_000_000_000_000UL);
    public static readonly Nat RequesterFunds = new(10_000_000_000_000UL);

    private CrashWorld(string directory, string logs, string setup, ReplicaProcess replica, HttpClient http, IIdentity payout, Principal rollup, Principal ledger,
        IReadOnlyList<BridgeKey> nodes, IReadOnlyList<BridgeKey> owners, IReadOnlyList<BridgeKey> requesters, Dictionary<string, string> settings)
    {
        Directory = directory;
        Logs = logs;
        Setup = setup;
        Replica = replica;
        Http = http;
        PayoutIdentity = payout;
        RollupId = rollup;
        LedgerId = ledger;
        Nodes = nodes;
        Owners = owners;
        Requesters = requesters;
        Settings = settings;
    }

    public string Directory { get; }

    /// <summary>Where the processes' output goes: kept after the test (<c>bin/.../crash-logs/NAME</c>).</summary>
    public string Logs { get; }

    /// <summary>How long the replica and the canisters took.</summary>
    public string Setup { get; }
    public ReplicaProcess Replica { get; }
    public HttpClient Http { get; }
    public IIdentity PayoutIdentity { get; }
    public Account PayoutAccount => Account.Of(PayoutIdentity.Sender);
    public Principal RollupId { get; }
    public Principal LedgerId { get; }
    public IReadOnlyList<BridgeKey> Nodes { get; }
    public IReadOnlyList<BridgeKey> Owners { get; }
    public IReadOnlyList<BridgeKey> Requesters { get; }

    /// <summary>The bridge's configuration (keys as in appsettings: <c>Section:Key</c>).</summary>
    public Dictionary<string, string> Settings { get; }

    /// <summary>An agent on the replica signing as <paramref name="identity"/>.</summary>
    public IcpAgent Agent(IIdentity identity) =>
        new(Http, new IcpAgentOptions { Url = Replica.Url, IsLocalNetwork = true, Identity = identity }, Bls12381Verifier.Shared);

    public IcrcLedger Ledger(IIdentity identity) => new(Agent(identity), LedgerId);

    /// <summary>Starts the replica, installs the canisters, funds <paramref name="requesters"/> requesters.</summary>
    public static async Task<CrashWorld> StartAsync(string name, IDictionary<string, string> store, int nodes = 3, int requesters = 4)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"bridge-crash-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        string logs = Path.Combine(AppContext.BaseDirectory, "crash-logs", name);
        if (System.IO.Directory.Exists(logs)) System.IO.Directory.Delete(logs, recursive: true);
        System.IO.Directory.CreateDirectory(logs);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var replica = await ReplicaProcess.StartAsync(directory, logs);
        var replicaStarted = watch.Elapsed;
        try
        {
            var (poster, posterPath) = WritePem(directory, "poster.pem");
            var (payout, payoutPath) = WritePem(directory, "payout.pem");
            var (minter, _) = WritePem(directory, "minter.pem");
            var installer = new IcpAgent(http, new IcpAgentOptions { Url = replica.Url, IsLocalNetwork = true, Identity = minter }, Bls12381Verifier.Shared);
            var (rollup, ledger) = await BridgeCanisters.InstallAsync(
                new ManagementCanister(installer, Principal.Parse("rwlgt-iiaaa-aaaaa-aaaaa-cai")), minter.Sender, payout.Sender, InitialPayoutBalance,
                poster.Sender, ChallengeWindow, Path.Combine(directory, "wasm"), _ => { }, CancellationToken.None);

            var installed = watch.Elapsed - replicaStarted;
            var requesterKeys = Enumerable.Range(0, requesters).Select(_ => BridgeKey.GenerateEd25519()).ToList();
            var mint = new IcrcLedger(installer, ledger);
            foreach (var r in requesterKeys)
                (await mint.TransferAsync(new TransferRequest { To = Account.Of(r.Principal), Amount = RequesterFunds, CreatedAt = DateTimeOffset.UtcNow }))
                    .EnsureSuccess();

            var settings = new Dictionary<string, string>
            {
                ["Bridge:NetworkId"] = NetworkId,
                ["Bridge:BatchInterval"] = BatchInterval.ToString("c", CultureInfo.InvariantCulture),
                ["Bridge:ChallengeWindow"] = ChallengeWindow.ToString("c", CultureInfo.InvariantCulture),
                ["Bridge:EpochLength"] = EpochLength.ToString("c", CultureInfo.InvariantCulture),
                ["Bridge:Genesis"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["Rewards:FirstPeriodEpochs"] = "2",
                ["Rewards:FeeAccount"] = Account.Of(payout.Sender).ToString(),
                ["Ic:Url"] = replica.Url.ToString(),
                ["Ic:RollupCanister"] = rollup.ToString(),
                ["Ic:RewardLedger"] = ledger.ToString(),
                ["Ic:IsLocalNetwork"] = "true",
                ["Keys:Poster"] = posterPath,
                ["Keys:Payout"] = payoutPath,
                ["Payouts:PollInterval"] = "00:00:00.2",
                ["Payouts:RetryDelay"] = "00:00:00.2",
                ["Payouts:MaxRetryDelay"] = "00:00:02",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Bridge.Service.Leadership"] = "Information",
            };
            foreach (var (k, v) in store) settings[k] = v;
            var nodeKeys = Enumerable.Range(0, nodes).Select(_ => BridgeKey.GenerateEd25519()).ToList();
            var owners = Enumerable.Range(0, nodes).Select(_ => BridgeKey.GenerateEd25519()).ToList();
            return new CrashWorld(directory, logs, $"replica started in {replicaStarted.TotalSeconds:F1} s, canisters installed in {installed.TotalSeconds:F1} s", replica, http, payout, rollup, ledger, nodeKeys, owners, requesterKeys, settings);
        }
        catch
        {
            await replica.DisposeAsync();
            http.Dispose();
            throw;
        }
    }

    /// <summary>A new Ed25519 key as a PEM file only its owner can read or write (0600, as from the first byte).</summary>
    private static (IIdentity Identity, string Path) WritePem(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options)) writer.Write(Ed25519Identity.Generate().ToPem());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        return (IdentityPem.LoadFile(path), path);
    }

    public async ValueTask DisposeAsync()
    {
        await Replica.DisposeAsync();
        Http.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
