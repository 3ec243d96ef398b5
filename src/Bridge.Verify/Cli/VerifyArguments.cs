using System.Globalization;
using System.Numerics;
using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Verify.Cli;

/// <summary>How the IC's certificates are trusted.</summary>
public enum RootKeyPolicy
{
    /// <summary>The IC mainnet's fixed root key (the default).</summary>
    Mainnet,
    /// <summary>A key read from a file (DER, raw, or either as hex text).</summary>
    File,
    /// <summary>Fetched from the replica's status: for a local replica only; it proves nothing about the network.</summary>
    FetchLocal,
}

/// <summary>The command line of <c>bridge-verify</c>.</summary>
public sealed record VerifyArguments
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: bridge-verify --bridge URL --ic URL --rollup CANISTER [root key] [options]
          root key (one):   --mainnet-key (default) | --root-key-file PATH | --fetch-root-key (local replica only)
          --report PATH              write a JSON report there
          --resume                   continue from the position in --report PATH
          --reward-token LEDGER[=NUM/DEN]   a token of Rewards:Tokens (repeatable; default the reward ledger at 1/1)
          --payout-account ACCOUNT   the payout account (default: the bridge's /v1/info payout_account, else the first paid line's block)
          --watch                    keep following new batches and claim against bad pending ones
          --identity PEM             the identity that signs claims (required with --watch)
          --interval SECONDS         the pause between watch rounds (default 5)
          --quiet                    no progress on stderr
        exit: 0 all holds, 1 a fact is broken (named), 2 usage, 3 could not finish
        """;

    /// <summary>The bridge's address.</summary>
    public required Uri Bridge { get; init; }
    /// <summary>The IC's address.</summary>
    public required Uri Ic { get; init; }
    /// <summary>The rollup canister.</summary>
    public required Principal Rollup { get; init; }
    /// <summary>How certificates are trusted.</summary>
    public RootKeyPolicy RootKey { get; init; } = RootKeyPolicy.Mainnet;
    /// <summary>The root key file, for <see cref="RootKeyPolicy.File"/>.</summary>
    public string? RootKeyFile { get; init; }
    /// <summary>The report's path.</summary>
    public string? Report { get; init; }
    /// <summary>Resume from the report.</summary>
    public bool Resume { get; init; }
    /// <summary>The rewarded tokens.</summary>
    public IReadOnlyList<RewardToken> RewardTokens { get; init; } = [];
    /// <summary>The payout account.</summary>
    public Account? PayoutAccount { get; init; }
    /// <summary>Watch mode.</summary>
    public bool Watch { get; init; }
    /// <summary>The claim identity's PEM file.</summary>
    public string? Identity { get; init; }
    /// <summary>The pause between watch rounds.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>No progress output.</summary>
    public bool Quiet { get; init; }

    /// <summary>Parses the command line.</summary>
    /// <exception cref="FormatException">What is wrong with it, by option.</exception>
    public static VerifyArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Uri? bridge = null, ic = null;
        Principal? rollup = null;
        var policies = new List<RootKeyPolicy>();
        string? keyFile = null, report = null, identity = null;
        bool resume = false, watch = false, quiet = false;
        var tokens = new List<RewardToken>();
        Account? payout = null;
        var interval = TimeSpan.FromSeconds(5);
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{option} needs a value");
            switch (option)
            {
                case "--bridge": bridge = AbsoluteUri(option, Value()); break;
                case "--ic": ic = AbsoluteUri(option, Value()); break;
                case "--rollup":
                    string r = Value();
                    rollup = Principal.TryParse(r, out var p) ? p : throw new FormatException($"--rollup: '{r}' is not a principal");
                    break;
                case "--mainnet-key": policies.Add(RootKeyPolicy.Mainnet); break;
                case "--root-key-file": policies.Add(RootKeyPolicy.File); keyFile = Value(); break;
                case "--fetch-root-key": policies.Add(RootKeyPolicy.FetchLocal); break;
                case "--report": report = Value(); break;
                case "--resume": resume = true; break;
                case "--reward-token": tokens.Add(Token(Value())); break;
                case "--payout-account":
                    string a = Value();
                    payout = Account.TryParse(a, out var acc) ? acc : throw new FormatException($"--payout-account: '{a}' is not an ICRC-1 account");
                    break;
                case "--watch": watch = true; break;
                case "--identity": identity = Value(); break;
                case "--interval":
                    string s = Value();
                    interval = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds < 86_400
                        ? TimeSpan.FromSeconds(seconds) : throw new FormatException($"--interval: '{s}' is not a number of seconds above 0");
                    break;
                case "--quiet": quiet = true; break;
                default: throw new FormatException($"unknown option '{option}'");
            }
        }
        if (bridge is null) throw new FormatException("--bridge is required");
        if (ic is null) throw new FormatException("--ic is required");
        if (rollup is null) throw new FormatException("--rollup is required (the verifier does not take it from the bridge it checks)");
        if (policies.Count > 1) throw new FormatException("give one of --mainnet-key, --root-key-file and --fetch-root-key");
        if (resume && report is null) throw new FormatException("--resume needs --report PATH (the report to resume from)");
        if (watch && identity is null) throw new FormatException("--watch needs --identity PEM (the identity that signs claims)");
        return new VerifyArguments
        {
            Bridge = bridge, Ic = ic, Rollup = rollup, RootKey = policies.Count == 0 ? RootKeyPolicy.Mainnet : policies[0], RootKeyFile = keyFile,
            Report = report, Resume = resume, RewardTokens = tokens, PayoutAccount = payout, Watch = watch, Identity = identity,
            Interval = interval, Quiet = quiet,
        };
    }

    private static Uri AbsoluteUri(string option, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new FormatException($"{option}: '{text}' is not an http(s) URL");

    private static RewardToken Token(string text)
    {
        string ledger = text, rate = "1/1";
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0) { ledger = text[..eq]; rate = text[(eq + 1)..]; }
        if (!Principal.TryParse(ledger, out var principal)) throw new FormatException($"--reward-token: '{ledger}' is not a ledger principal");
        var parts = rate.Split('/');
        if (parts.Length != 2 || !BigInteger.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var num)
            || !BigInteger.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var den) || den.IsZero)
            throw new FormatException($"--reward-token: '{rate}' is not a rate NUM/DEN with DEN above 0");
        return new RewardToken(principal, num, den);
    }
}
