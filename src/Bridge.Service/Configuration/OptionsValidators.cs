using System.Numerics;
using System.Text;
using Icp.Candid;
using Icp.Ledger;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Configuration;

/// <summary>Checks <see cref="BridgeOptions"/> at start, naming each bad key.</summary>
internal sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions o)
    {
        var errors = new List<string>();
        int bytes = Encoding.UTF8.GetByteCount(o.NetworkId ?? "");
        if (bytes is < 1 or > 64) errors.Add($"Bridge:NetworkId must be 1–64 bytes of UTF-8 (it is {bytes})");
        if (o.BatchInterval <= TimeSpan.Zero) errors.Add($"Bridge:BatchInterval must be positive (it is {o.BatchInterval})");
        if (o.MaxBatchReceipts < 1) errors.Add($"Bridge:MaxBatchReceipts must be at least 1 (it is {o.MaxBatchReceipts})");
        if (o.ChallengeWindow < TimeSpan.Zero) errors.Add($"Bridge:ChallengeWindow must not be negative (it is {o.ChallengeWindow})");
        if (o.EpochLength <= TimeSpan.Zero) errors.Add($"Bridge:EpochLength must be positive (it is {o.EpochLength})");
        if (o.Genesis is null) errors.Add("Bridge:Genesis is required (an ISO 8601 time: the start of epoch 1)");
        else if (o.Genesis < DateTimeOffset.UnixEpoch) errors.Add($"Bridge:Genesis must not be before 1970 (it is {o.Genesis:O})");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="RewardsOptions"/> at start.</summary>
internal sealed class RewardsOptionsValidator : IValidateOptions<RewardsOptions>
{
    public ValidateOptionsResult Validate(string? name, RewardsOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.FeeAccount)) errors.Add("Rewards:FeeAccount is required (an ICRC-1 account text)");
        else if (!TryParseAccount(o.FeeAccount, out string? why)) errors.Add($"Rewards:FeeAccount is not an ICRC-1 account text: {why}");
        if (o.FirstPeriodEpochs < 1) errors.Add($"Rewards:FirstPeriodEpochs must be at least 1 (it is {o.FirstPeriodEpochs})");
        if (!IsNat(o.EmissionPerEpoch)) errors.Add($"Rewards:EmissionPerEpoch must be a decimal natural number (it is '{o.EmissionPerEpoch}')");
        for (int i = 0; i < o.Tokens.Count; i++)
        {
            var t = o.Tokens[i];
            if (!Principal.TryParse(t.Ledger, out _)) errors.Add($"Rewards:Tokens:{i}:Ledger is not a principal ('{t.Ledger}')");
            if (!IsNat(t.Num)) errors.Add($"Rewards:Tokens:{i}:Num must be a decimal natural number (it is '{t.Num}')");
            if (!IsNat(t.Den) || BigInteger.Parse(t.Den) == 0) errors.Add($"Rewards:Tokens:{i}:Den must be a positive decimal number (it is '{t.Den}')");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsNat(string? s) => !string.IsNullOrEmpty(s) && s.All(char.IsAsciiDigit);

    private static bool TryParseAccount(string text, out string? why)
    {
        try { Account.Parse(text); why = null; return true; }
        catch (FormatException e) { why = e.Message; return false; }
    }
}

/// <summary>Checks <see cref="IntakeOptions"/> at start.</summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions o)
    {
        var errors = new List<string>();
        if (o.MaxReceiptAge <= TimeSpan.Zero) errors.Add($"Intake:MaxReceiptAge must be positive (it is {o.MaxReceiptAge})");
        if (o.QueueCapacity < 1) errors.Add($"Intake:QueueCapacity must be at least 1 (it is {o.QueueCapacity})");
        if (o.MaxReceiptsPerCommit < 1) errors.Add($"Intake:MaxReceiptsPerCommit must be at least 1 (it is {o.MaxReceiptsPerCommit})");
        if (o.RetryAfter < TimeSpan.FromSeconds(1)) errors.Add($"Intake:RetryAfter must be at least one second (it is {o.RetryAfter})");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="IcOptions"/> at start.</summary>
internal sealed class IcOptionsValidator : IValidateOptions<IcOptions>
{
    public ValidateOptionsResult Validate(string? name, IcOptions o)
    {
        var errors = new List<string>();
        if (o.Url is null) errors.Add("Ic:Url is required (the IC's HTTP interface, e.g. http://127.0.0.1:4943)");
        else if (!o.Url.IsAbsoluteUri || o.Url.Scheme is not ("http" or "https")) errors.Add($"Ic:Url must be an absolute http(s) URL (it is '{o.Url}')");
        if (!Principal.TryParse(o.RollupCanister ?? "", out _)) errors.Add($"Ic:RollupCanister must be a canister id (it is '{o.RollupCanister}')");
        if (!Principal.TryParse(o.RewardLedger ?? "", out _)) errors.Add($"Ic:RewardLedger must be a canister id (it is '{o.RewardLedger}')");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Checks <see cref="KeysOptions"/> at start: both PEM files exist, load, are open to their owner only (0600 or 0400 on
/// Unix), and hold different keys (the poster and the payout account must not share one: a leaked poster key would
/// then also spend the reward pool). Messages name the setting and the file, never the key.
/// </summary>
internal sealed class KeysOptionsValidator : IValidateOptions<KeysOptions>
{
    public ValidateOptionsResult Validate(string? name, KeysOptions o)
    {
        var errors = new List<string>();
        var poster = Load("Keys:Poster", o.Poster, errors);
        var payout = Load("Keys:Payout", o.Payout, errors);
        if (poster is not null && payout is not null && poster.Sender == payout.Sender)
            errors.Add($"Keys:Poster ('{o.Poster}') and Keys:Payout ('{o.Payout}') hold the same key ({poster.Sender}): give the payout account a key of its own");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static Icp.Agent.Identities.IIdentity? Load(string setting, string? path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path)) { errors.Add($"{setting} is required (a PEM file)"); return null; }
        if (!File.Exists(path)) { errors.Add($"{setting}: no file '{path}'"); return null; }
        if (KeyFiles.ModeProblem(setting, path) is { } open) { errors.Add(open); return null; }
        try { return Icp.Agent.Identities.IdentityPem.LoadFile(path); }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            errors.Add($"{setting}: '{path}' is not an identity PEM file: {e.Message}");
            return null;
        }
    }
}

/// <summary>Checks <see cref="StoreOptions"/> at start.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions o)
    {
        var errors = new List<string>();
        if (o.SqliteCacheMiB is < 1 or > 65_536)
            errors.Add($"Store:SqliteCacheMiB must be between 1 and 65536 (it is {o.SqliteCacheMiB})");
        if (o.Provider is not (StoreOptions.Sqlite or StoreOptions.Postgres))
            errors.Add($"Store:Provider must be '{StoreOptions.Sqlite}' or '{StoreOptions.Postgres}' (it is '{o.Provider}')");
        if (string.IsNullOrWhiteSpace(o.ConnectionString))
            errors.Add("Store:ConnectionString is required (for SQLite: 'Data Source=bridge.db'; for PostgreSQL: 'Host=db1,db2;Database=bridge;Username=bridge;Target Session Attributes=primary')");
        else if (o.Provider == StoreOptions.Postgres && PostgresConnectionProblem(o.ConnectionString) is { } problem)
            errors.Add($"Store:ConnectionString is not a PostgreSQL connection string: {problem}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // The message names the keyword, never the string itself (it may hold a password).
    private static string? PostgresConnectionProblem(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "no Host" : null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}

/// <summary>Checks <see cref="DevOptions"/> at start.</summary>
internal sealed class DevOptionsValidator : IValidateOptions<DevOptions>
{
    public ValidateOptionsResult Validate(string? name, DevOptions o)
    {
        var errors = new List<string>();
        if (o.ReplicaPort is < 0 or > 65535) errors.Add($"Dev:ReplicaPort must be a port number, 0 to 65535 (it is {o.ReplicaPort})");
        if (string.IsNullOrWhiteSpace(o.DataDirectory)) errors.Add("Dev:DataDirectory must not be empty");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="PayoutOptions"/> at start.</summary>
internal sealed class PayoutOptionsValidator : IValidateOptions<PayoutOptions>
{
    public ValidateOptionsResult Validate(string? name, PayoutOptions o)
    {
        var errors = new List<string>();
        if (o.DedupWindow <= TimeSpan.Zero) errors.Add($"Payouts:DedupWindow must be positive (it is {o.DedupWindow})");
        if (o.WindowMargin < TimeSpan.Zero || o.WindowMargin * 2 >= o.DedupWindow)
            errors.Add($"Payouts:WindowMargin must be at least zero and less than half of Payouts:DedupWindow (it is {o.WindowMargin})");
        if (o.PollInterval <= TimeSpan.Zero) errors.Add($"Payouts:PollInterval must be positive (it is {o.PollInterval})");
        if (o.RetryDelay <= TimeSpan.Zero) errors.Add($"Payouts:RetryDelay must be positive (it is {o.RetryDelay})");
        if (o.MaxRetryDelay < o.RetryDelay) errors.Add($"Payouts:MaxRetryDelay must be at least Payouts:RetryDelay (it is {o.MaxRetryDelay})");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
