using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Bridge.Client.Json;
using Bridge.Client.Models;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Client.Http;

public sealed partial class BridgeClient
{
    /// <summary><c>GET /v1/info</c>: network id, canisters, fee account, replica URL and schedule.</summary>
    public async Task<BridgeInfo> GetInfoAsync(CancellationToken ct = default) =>
        ModelReader.Info(Expect(await SendAsync(HttpMethod.Get, "v1/info", null, ct).ConfigureAwait(false), 200));

    /// <summary><c>GET /v1/nodes/{provider}</c>: a registration, or null when none.</summary>
    public async Task<RegisteredNodeInfo?> GetNodeAsync(Principal provider, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var json = OkOrNotFound(await SendAsync(HttpMethod.Get, $"v1/nodes/{provider}", null, ct).ConfigureAwait(false));
        return json is { } e ? ModelReader.Node(e) : null;
    }

    /// <summary><c>GET /v1/receipts/{provider}/{receipt_id}</c>: status and, once batched, leaf and proof; null when unknown.</summary>
    public async Task<ReceiptStatus?> GetReceiptAsync(Principal provider, string receiptId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrEmpty(receiptId);
        var json = OkOrNotFound(await SendAsync(HttpMethod.Get, $"v1/receipts/{provider}/{Segment(receiptId)}", null, ct).ConfigureAwait(false));
        return json is { } e ? ModelReader.Status(e) : null;
    }

    /// <summary><c>GET /v1/batches?from=&amp;limit=</c>: batches from <paramref name="from"/> on.</summary>
    public async Task<IReadOnlyList<BridgeBatch>> GetBatchesAsync(ulong from = 1, int limit = 100, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var json = Expect(await SendAsync(HttpMethod.Get, $"v1/batches?from={N(from)}&limit={N((ulong)limit)}", null, ct).ConfigureAwait(false), 200);
        return ResponseReader.Items(json, "batches", (e, where) => ModelReader.Batch(e, where));
    }

    /// <summary><c>GET /v1/batches/{n}</c>: a batch, or null when there is none yet.</summary>
    public async Task<BridgeBatch?> GetBatchAsync(ulong sequence, CancellationToken ct = default)
    {
        var json = OkOrNotFound(await SendAsync(HttpMethod.Get, $"v1/batches/{N(sequence)}", null, ct).ConfigureAwait(false));
        return json is { } e ? ModelReader.Batch(e) : null;
    }

    /// <summary><c>GET /v1/batches/{n}/leaves</c>: the leaf bytes in leaf order (enough to rebuild the root), or null.</summary>
    public async Task<IReadOnlyList<byte[]>?> GetBatchLeavesAsync(ulong sequence, CancellationToken ct = default)
    {
        var json = OkOrNotFound(await SendAsync(HttpMethod.Get, $"v1/batches/{N(sequence)}/leaves", null, ct).ConfigureAwait(false));
        return json is { } e ? ModelReader.Leaves(e) : null;
    }

    /// <summary><c>GET /v1/epochs?from=&amp;limit=</c>: epochs from <paramref name="from"/> on.</summary>
    public async Task<IReadOnlyList<BridgeEpoch>> GetEpochsAsync(ulong from = 1, int limit = 100, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var json = Expect(await SendAsync(HttpMethod.Get, $"v1/epochs?from={N(from)}&limit={N((ulong)limit)}", null, ct).ConfigureAwait(false), 200);
        return ResponseReader.Items(json, "epochs", (e, where) => ModelReader.Epoch(e, where));
    }

    /// <summary><c>GET /v1/epochs/{e}</c>: an epoch's state, lines and ineligible receipts, or null.</summary>
    public async Task<BridgeEpoch?> GetEpochAsync(ulong epoch, CancellationToken ct = default)
    {
        var json = OkOrNotFound(await SendAsync(HttpMethod.Get, $"v1/epochs/{N(epoch)}", null, ct).ConfigureAwait(false));
        return json is { } e ? ModelReader.Epoch(e) : null;
    }

    /// <summary><c>GET /v1/accounts/{account}/rewards</c>: an account's lines over all epochs.</summary>
    public async Task<IReadOnlyList<RewardLine>> GetAccountRewardsAsync(Account account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var answer = await SendAsync(HttpMethod.Get, $"v1/accounts/{Segment(account.ToString())}/rewards", null, ct).ConfigureAwait(false);
        return ModelReader.AccountLines(Expect(answer, 200));
    }

    /// <summary><c>POST /v1/dev/faucet</c> (a <c>--dev</c> bridge only): mints <paramref name="amount"/> local tokens to
    /// <paramref name="account"/>; returns the mint's block index.</summary>
    /// <exception cref="BridgeProblemException">404 <c>not_found</c> when the bridge does not run with <c>--dev</c>.</exception>
    public async Task<BigInteger> MintFromDevFaucetAsync(Account account, BigInteger amount, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["account"] = account.ToString(),
            ["amount"] = amount.ToString(CultureInfo.InvariantCulture),
        });
        var json = Expect(await SendAsync(HttpMethod.Post, "v1/dev/faucet", body, ct).ConfigureAwait(false), 200);
        return ResponseReader.Object(json, "faucet").Nat("block");
    }

    private static string N(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
