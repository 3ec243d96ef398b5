using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Client.Proofs;
using Bridge.Client.Rollup;
using Bridge.Core.Rewards;
using Bridge.Verify.Reporting;
using Bridge.Verify.Watch;
using Icp.Agent;

namespace Bridge.Verify.Verification;

/// <summary>
/// Checks a bridge from its public API and the canisters alone (BRIDGE-PROTOCOL.md sections 4–7): batch roots rebuilt
/// from the leaves against the rollup canister's headers and chain, every leaf alone, no receipt twice, each settled
/// epoch's lines recomputed with <see cref="RewardEngine"/> (fee blocks read from the fee ledgers' ICRC-3 logs) against
/// the bridge's and the canister's distribution root, and each paid line against exactly one reward ledger block. The
/// IC is read through an <see cref="IcpAgent"/>, which verifies every certificate and query signature. A run stops at
/// the first broken fact (<see cref="BrokenFactException"/>); <see cref="Position"/> says where the next run resumes.
/// </summary>
public sealed partial class BridgeVerifier
{
    private readonly BridgeClient _bridge;
    private readonly IcpAgent _agent;
    private readonly RollupClient _rollup;
    private readonly RollupProofVerifier _certified;
    private readonly VerifierSettings _settings;
    private readonly ProgressReporter _progress;
    private readonly IClaimFiler? _claims;
    private readonly Dictionary<ulong, CheckedBatch> _batches = [];
    private readonly Dictionary<string, RegisteredNodeInfo?> _nodes = new(StringComparer.Ordinal);
    private BridgeInfo? _info;

    /// <summary>A verifier of the bridge behind <paramref name="bridge"/> against the IC behind <paramref name="agent"/>.</summary>
    /// <param name="bridge">The bridge's API.</param>
    /// <param name="agent">The IC (its root key policy decides what certificates are trusted).</param>
    /// <param name="settings">The rollup canister and what else is not taken from the bridge.</param>
    /// <param name="position">Where to start (a previous report's position), or null for the beginning.</param>
    /// <param name="progress">Where progress goes; silent when null.</param>
    /// <param name="claims">Files claims against pending batches that break the canister's rules (the watchtower); when
    /// null such a batch is a broken fact.</param>
    public BridgeVerifier(BridgeClient bridge, IcpAgent agent, VerifierSettings settings, VerificationPosition? position = null,
        ProgressReporter? progress = null, IClaimFiler? claims = null)
    {
        _bridge = bridge ?? throw new ArgumentNullException(nameof(bridge));
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _rollup = new RollupClient(agent, settings.RollupCanister);
        _certified = new RollupProofVerifier(agent, settings.RollupCanister);
        Position = position ?? new VerificationPosition();
        _progress = progress ?? ProgressReporter.Silent;
        _claims = claims;
    }

    /// <summary>Where the next run resumes; advanced as batches and epochs become final and paid.</summary>
    public VerificationPosition Position { get; }

    /// <summary>What the last run covered.</summary>
    public VerificationSummary Summary { get; private set; } = new();

    /// <summary>The bridge's <c>/v1/info</c>, once read.</summary>
    public BridgeInfo? Info => _info;

    /// <summary>
    /// One full run: batches, epochs, payouts. Returns when every fact holds up to where the bridge has got.
    /// </summary>
    /// <exception cref="BrokenFactException">The first fact that does not hold.</exception>
    /// <exception cref="Icp.Agent.Certification.CertificateVerificationException">A certificate does not verify.</exception>
    public async Task RunAsync(CancellationToken ct = default)
    {
        Summary = new VerificationSummary();
        _info = await _bridge.GetInfoAsync(ct).ConfigureAwait(false);
        if (_info.RollupCanister != _settings.RollupCanister)
            Fail(FactKinds.BatchHeader, "info", $"the bridge names rollup canister {_info.RollupCanister}, the verifier was given {_settings.RollupCanister}");
        // The ledger's tip is read before the epochs, so every payout block up to it belongs to an epoch the bridge shows settled.
        ulong ledgerTip = await LedgerTipAsync(ct).ConfigureAwait(false);
        await VerifyBatchesAsync(ct).ConfigureAwait(false);
        var epochs = await VerifyEpochsAsync(ct).ConfigureAwait(false);
        await VerifyPayoutsAsync(epochs, ledgerTip, ct).ConfigureAwait(false);
    }

    private IReadOnlyList<RewardToken> RewardTokens =>
        _settings.RewardTokens.Count > 0 ? _settings.RewardTokens : [new RewardToken(_info!.RewardLedger, 1, 1)];

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string check, string where, string what) => throw new BrokenFactException(new BrokenFact(check, where, what));

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
