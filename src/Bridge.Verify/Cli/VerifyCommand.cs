using Bridge.Client.Http;
using Bridge.Client.Json;
using Bridge.Verify.Reporting;
using Bridge.Verify.Verification;
using Bridge.Verify.Watch;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;

namespace Bridge.Verify.Cli;

/// <summary>Runs <c>bridge-verify</c>: builds the agent under the root key policy, the bridge client and the verifier,
/// runs once (or watches), prints the summary, writes the report, and returns the exit code.</summary>
public static class VerifyCommand
{
    /// <summary>Every fact holds.</summary>
    public const int Holds = 0;
    /// <summary>A fact is broken.</summary>
    public const int Broken = 1;
    /// <summary>The command line is wrong.</summary>
    public const int UsageError = 2;
    /// <summary>The run could not finish.</summary>
    public const int Unfinished = 3;

    /// <summary>Runs the command line <paramref name="args"/>; the summary goes to <paramref name="output"/>, progress and errors to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        VerifyArguments options;
        try { options = VerifyArguments.Parse(args); }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"bridge-verify: {e.Message}\n{VerifyArguments.Usage}").ConfigureAwait(false);
            return UsageError;
        }

        var progress = options.Quiet ? ProgressReporter.Silent : new ProgressReporter(error);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        IcpAgent agent, claimAgent;
        try
        {
            agent = Agent(http, options, AnonymousIdentity.Instance, error);
            claimAgent = options.Identity is { } pem ? Agent(http, options, IdentityPem.LoadFile(pem), error: null) : agent;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            await error.WriteLineAsync($"bridge-verify: {e.Message}").ConfigureAwait(false);
            return UsageError;
        }

        var report = new VerifyReport { Bridge = options.Bridge.ToString(), RollupCanister = options.Rollup.ToString() };
        if (options.Resume && File.Exists(options.Report))
        {
            try { report.Position = (await VerifyReport.ReadAsync(options.Report!, ct).ConfigureAwait(false)).Position; }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync($"bridge-verify: --resume: {e.Message}").ConfigureAwait(false);
                return UsageError;
            }
            progress.Say($"resuming at batch {report.Position.NextBatch}, epoch {report.Position.NextEpoch}, ledger block {report.Position.LedgerNextBlock}");
        }

        var bridge = new BridgeClient(http, new BridgeClientOptions { BaseAddress = options.Bridge });
        var settings = new VerifierSettings { RollupCanister = options.Rollup, RewardTokens = options.RewardTokens, PayoutAccount = options.PayoutAccount };
        var claims = options.Watch ? new RollupClaimFiler(claimAgent, options.Rollup) : null;
        var verifier = new BridgeVerifier(bridge, agent, settings, report.Position, progress, claims);

        int code;
        try
        {
            if (options.Watch)
            {
                var tower = new Watchtower(verifier, options.Interval, progress);
                await tower.RunAsync(async () => await WriteAsync(report, verifier, options, output: null).ConfigureAwait(false), ct).ConfigureAwait(false);
            }
            else await verifier.RunAsync(ct).ConfigureAwait(false);
            report.Ok = true;
            code = Holds;
        }
        catch (BrokenFactException e)
        {
            report.BrokenFact = e.Fact;
            code = Broken;
        }
        catch (Exception e) when (e is IcpAgentException or CertificateVerificationException or HttpRequestException or BridgeResponseException
            or BridgeProblemException or InvalidOperationException or OperationCanceledException)
        {
            report.Error = $"{e.GetType().Name}: {e.Message}";
            code = Unfinished;
        }
        await WriteAsync(report, verifier, options, output).ConfigureAwait(false);
        return code;
    }

    private static IcpAgent Agent(HttpClient http, VerifyArguments options, IIdentity identity, TextWriter? error)
    {
        var agentOptions = new IcpAgentOptions { Url = options.Ic, Identity = identity };
        switch (options.RootKey)
        {
            case RootKeyPolicy.Mainnet:
                agentOptions.RootKey = BlsPublicKey.MainnetRootKey;
                break;
            case RootKeyPolicy.File:
                agentOptions.RootKey = RootKeyFile.Read(options.RootKeyFile!);
                break;
            case RootKeyPolicy.FetchLocal:
                agentOptions.IsLocalNetwork = true;
                error?.WriteLine($"bridge-verify: warning: the root key is fetched from {options.Ic}; certificates then prove only what that replica says (use it for a local replica only)");
                break;
        }
        return new IcpAgent(http, agentOptions, Bls12381Verifier.Shared);
    }

    private static async Task WriteAsync(VerifyReport report, BridgeVerifier verifier, VerifyArguments options, TextWriter? output)
    {
        report.Summary = verifier.Summary;
        report.FinishedAt = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        if (options.Report is { } path) await report.WriteAsync(path).ConfigureAwait(false);
        if (output is null) return;
        var s = verifier.Summary;
        await output.WriteLineAsync($"bridge {options.Bridge} against rollup {options.Rollup}").ConfigureAwait(false);
        await output.WriteLineAsync($"  batches {s.Batches} ({s.Leaves} leaves), last certified batch {s.CertifiedBatch?.ToString() ?? "none"}").ConfigureAwait(false);
        await output.WriteLineAsync($"  epochs {s.Epochs} recomputed ({s.Lines} lines, {s.FeeBlocks} fee blocks read); first open epoch {s.FirstOpenEpoch?.ToString() ?? "-"}").ConfigureAwait(false);
        await output.WriteLineAsync($"  payouts: {s.PaidLines} paid lines matched, {s.LedgerBlocks} ledger blocks read").ConfigureAwait(false);
        foreach (var claim in s.Claims)
            await output.WriteLineAsync($"  claim {claim.Kind} against batch {claim.Batch} ({claim.Where}): {(claim.Accepted ? "accepted" : "refused")}: {claim.Outcome}").ConfigureAwait(false);
        foreach (var note in s.Notes) await output.WriteLineAsync($"  note: {note}").ConfigureAwait(false);
        if (report.Ok) await output.WriteLineAsync("OK: every fact holds").ConfigureAwait(false);
        else if (report.BrokenFact is { } fact) await output.WriteLineAsync($"BROKEN: {fact}").ConfigureAwait(false);
        else await output.WriteLineAsync($"UNFINISHED: {report.Error}").ConfigureAwait(false);
    }
}
