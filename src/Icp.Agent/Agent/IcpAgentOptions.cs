using Icp.Agent.Certification;
using Icp.Agent.Identities;

namespace Icp.Agent;

/// <summary>Settings of an <see cref="IcpAgent"/> (bound through <c>IOptions&lt;IcpAgentOptions&gt;</c> by <c>AddIcpAgent</c>).</summary>
public sealed class IcpAgentOptions
{
    /// <summary>The IC mainnet API gateway.</summary>
    public static readonly Uri MainnetUrl = new("https://icp-api.io");

    /// <summary>The replica or boundary node; the API paths (<c>/api/v3/...</c>) are appended to it. Default mainnet.</summary>
    public Uri Url { get; set; } = MainnetUrl;

    /// <summary>Who sends and signs requests. Default anonymous.</summary>
    public IIdentity Identity { get; set; } = AnonymousIdentity.Instance;

    /// <summary>
    /// True for a local development replica: only then may the root key be fetched from <c>/api/v2/status</c>
    /// (<see cref="IcpAgent.FetchRootKeyAsync"/>, or lazily before the first certificate when <see cref="RootKey"/> is null).
    /// </summary>
    public bool IsLocalNetwork { get; set; }

    /// <summary>
    /// The root key certificates must chain to. Null means <see cref="BlsPublicKey.MainnetRootKey"/> on mainnet, and the
    /// fetched key on a local network. Set it to trust a known test network's key.
    /// </summary>
    public BlsPublicKey? RootKey { get; set; }

    /// <summary>Whether query responses' node signatures are checked against the subnet's certified node keys. Default true.</summary>
    public bool VerifyQuerySignatures { get; set; } = true;

    /// <summary>How far certified times and query signature timestamps may be from the local clock. Default 5 minutes.</summary>
    public TimeSpan MaxCertificateAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>ingress_expiry</c> window of requests; at most 5 minutes. Default 4 minutes. It is also how long a call is polled.</summary>
    public TimeSpan IngressExpiryWindow { get; set; } = Requests.IngressExpiry.DefaultWindow;

    /// <summary>The limit for one HTTP attempt (a synchronous call waits for execution, so keep it above ~10 s). Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a transient failure (5xx, 429, no response, attempt timeout) is retried with the same envelope. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; it doubles on each retry, with jitter. Default 250 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait honoured from a <c>Retry-After</c> header (longer ones fail at once). Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first delay between request-status polls. Default 250 ms.</summary>
    public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay between request-status polls. Default 2 s.</summary>
    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The growth of the polling delay after each poll. Default 1.5.</summary>
    public double PollMultiplier { get; set; } = 1.5;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Url is null || !Url.IsAbsoluteUri) throw new ArgumentException("IcpAgentOptions.Url must be an absolute URL");
        if (Identity is null) throw new ArgumentException("IcpAgentOptions.Identity must be set (AnonymousIdentity.Instance for none)");
        if (IngressExpiryWindow <= TimeSpan.Zero || IngressExpiryWindow > Requests.IngressExpiry.MaxWindow)
            throw new ArgumentException($"IcpAgentOptions.IngressExpiryWindow must be positive and at most {Requests.IngressExpiry.MaxWindow}");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException("IcpAgentOptions.RequestTimeout must be positive");
        if (MaxRetries < 0) throw new ArgumentException("IcpAgentOptions.MaxRetries must not be negative");
        if (RetryBaseDelay < TimeSpan.Zero || PollInitialDelay < TimeSpan.Zero || PollMaxDelay < PollInitialDelay)
            throw new ArgumentException("IcpAgentOptions delays must not be negative, and PollMaxDelay must be at least PollInitialDelay");
        if (PollMultiplier < 1) throw new ArgumentException("IcpAgentOptions.PollMultiplier must be at least 1");
        if (MaxCertificateAge <= TimeSpan.Zero) throw new ArgumentException("IcpAgentOptions.MaxCertificateAge must be positive");
    }
}
