using System.Globalization;
using System.Text.Json;
using Bridge.Service.Configuration;
using Bridge.Service.Ic.LocalLedger;
using Bridge.Service.Ic.Rollup;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Management;
using Icp.Replica;

namespace Bridge.Service.Dev;

/// <summary>
/// Everything <c>--dev</c> runs beside the bridge (section 8): the in-process replica serving the IC HTTP interface on
/// <c>Dev:ReplicaPort</c> with its state under <c>Dev:DataDirectory</c>, the rollup canister (the poster identity as
/// poster) and the local ledger (the payout account funded; the fee and reward token), PEM identities, the SQLite
/// file, and the genesis of its first start. A restart on the same directory finds all of it again.
/// </summary>
public sealed class DevEnvironment : IAsyncDisposable
{
    /// <summary>The dev defaults: the command line and environment override them.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Bridge:NetworkId"] = "emc-local",
        ["Bridge:BatchInterval"] = "00:00:10",
        ["Bridge:ChallengeWindow"] = "00:00:10",
        ["Bridge:EpochLength"] = "00:01:00",
        ["Dev:Enabled"] = "true",
    };

    /// <summary>Tokens of the payout account at the first start: 1,000,000 with 8 decimals.</summary>
    public static readonly Nat InitialPayoutBalance = new(100_000_000_000_000UL);

    private readonly Identities _identities;

    private DevEnvironment(LocalReplica replica, string dataDirectory, Identities identities, DevState state)
    {
        Replica = replica;
        DataDirectory = dataDirectory;
        _identities = identities;
        RollupId = Principal.Parse(state.Rollup);
        LedgerId = Principal.Parse(state.Ledger);
        GenesisNs = state.GenesisNs;
    }

    /// <summary>The in-process replica.</summary>
    public LocalReplica Replica { get; }

    /// <summary>The data directory (absolute).</summary>
    public string DataDirectory { get; }

    /// <summary>The rollup canister.</summary>
    public Principal RollupId { get; }

    /// <summary>The local ledger: fee token and reward token.</summary>
    public Principal LedgerId { get; }

    /// <summary>Genesis: the first start.</summary>
    public ulong GenesisNs { get; }

    /// <summary>The poster's principal.</summary>
    public Principal Poster => _identities.Poster.Sender;

    /// <summary>The payout account's owner (also the fee account).</summary>
    public Principal Payout => _identities.Payout.Sender;

    /// <summary>The configuration the bridge runs with under <c>--dev</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ic:Url"] = Replica.Url!.ToString(),
        ["Ic:RollupCanister"] = RollupId.ToString(),
        ["Ic:RewardLedger"] = LedgerId.ToString(),
        ["Ic:IsLocalNetwork"] = "true",
        ["Keys:Poster"] = _identities.PosterPath,
        ["Keys:Payout"] = _identities.PayoutPath,
        ["Store:Provider"] = "sqlite",
        ["Store:ConnectionString"] = $"Data Source={Path.Combine(DataDirectory, "bridge.db")}",
        ["Rewards:FeeAccount"] = Icp.Ledger.Account.Of(Payout).ToString(),
        ["Bridge:Genesis"] = DateTimeOffset.UnixEpoch.AddTicks((long)(GenesisNs / 100)).ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>Mints <paramref name="amount"/> on the local ledger to <paramref name="to"/> (the faucet); returns the block.</summary>
    public async Task<Nat> MintAsync(Icp.Ledger.Account to, Nat amount, CancellationToken ct)
    {
        var ledger = new IcrcLedger(Replica.AsTransport(_identities.Minter.Sender), LedgerId);
        var outcome = await ledger.TransferAsync(new TransferRequest { To = to, Amount = amount, CreatedAt = Replica.Time }, ct);
        return outcome.EnsureSuccess();
    }

    /// <summary>Starts (or resumes) the dev environment described by <c>Dev:*</c> and <c>Bridge:ChallengeWindow</c>.</summary>
    public static async Task<DevEnvironment> StartAsync(IConfiguration configuration, CancellationToken ct)
    {
        string dataDirectory = Path.GetFullPath(configuration["Dev:DataDirectory"] is { Length: > 0 } d ? d : ".bridge-dev");
        int port = int.TryParse(configuration["Dev:ReplicaPort"], CultureInfo.InvariantCulture, out int p) ? p : 4943;
        var window = TimeSpan.TryParse(configuration["Bridge:ChallengeWindow"], CultureInfo.InvariantCulture, out var w) ? w : TimeSpan.FromSeconds(10);
        Directory.CreateDirectory(dataDirectory);
        var identities = Identities.LoadOrCreate(dataDirectory);

        var replica = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = port, StateDirectory = Path.Combine(dataDirectory, "replica") }, ct);
        try
        {
            string statePath = Path.Combine(dataDirectory, "dev.json");
            DevState? state = File.Exists(statePath) ? JsonSerializer.Deserialize<DevState>(await File.ReadAllTextAsync(statePath, ct)) : null;
            if (state is null || !replica.CanisterExists(Principal.Parse(state.Rollup)) || !replica.CanisterExists(Principal.Parse(state.Ledger)))
            {
                var (rollup, ledger) = await BridgeCanisters.InstallAsync(new ManagementCanister(replica.AsTransport()),
                    identities.Minter.Sender, identities.Payout.Sender, InitialPayoutBalance, identities.Poster.Sender, window,
                    Path.Combine(dataDirectory, "wasm"), Console.WriteLine, ct);
                state = new DevState(rollup.ToString(), ledger.ToString(), state?.GenesisNs ?? replica.TimeNanos);
                await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(state), ct);
                await replica.SaveStateAsync(ct);
            }
            return new DevEnvironment(replica, dataDirectory, identities, state);
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the replica, saving its state.</summary>
    public ValueTask DisposeAsync() => Replica.DisposeAsync();

    private sealed record DevState(string Rollup, string Ledger, ulong GenesisNs);

    private sealed record Identities(IIdentity Poster, string PosterPath, IIdentity Payout, string PayoutPath, IIdentity Minter)
    {
        public static Identities LoadOrCreate(string directory)
        {
            var (poster, posterPath) = Pem(directory, "poster.pem");
            var (payout, payoutPath) = Pem(directory, "payout.pem");
            var (minter, _) = Pem(directory, "minter.pem");
            return new Identities(poster, posterPath, payout, payoutPath, minter);
        }

        private static (IIdentity, string) Pem(string directory, string name)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path)) KeyFiles.WriteOwnerOnly(path, Ed25519Identity.Generate().ToPem());
            // Files an older --dev wrote with the umask's mode: tighten them, or the key checks refuse to start.
            else if (!OperatingSystem.IsWindows() && KeyFiles.ModeProblem(name, path) is not null) File.SetUnixFileMode(path, KeyFiles.OwnerOnly);
            return (IdentityPem.LoadFile(path), path);
        }
    }
}
