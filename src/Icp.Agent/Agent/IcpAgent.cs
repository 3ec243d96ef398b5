using Icp.Agent.Certification;
using Icp.Agent.Http;
using Icp.Agent.Requests;
using Icp.Candid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Icp.Agent;

/// <summary>
/// An Internet Computer HTTP agent: update calls (synchronous v4, then v3, then asynchronous v2 with request-status
/// polling), queries (v3, then v2) with node-signature checks, read_state (v3, then v2), and status. Every certificate
/// is verified against the root key and the target canister's range. The agent remembers which endpoint versions the
/// replica serves. Thread-safe; use one per identity and network (it caches subnet node keys). As an
/// <see cref="IEffectiveCanisterTransport"/> it routes management canister calls by their effective canister id.
/// </summary>
public sealed partial class IcpAgent : IEffectiveCanisterTransport
{
    /// <summary>The name of the <see cref="HttpClient"/> that <c>AddIcpAgent</c> registers with <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "Icp.Agent";

    private readonly IcpHttpTransport _transport;
    private readonly IBlsVerifier _bls;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RequestFactory _requests;
    private readonly SemaphoreSlim _rootKeyLock = new(1, 1);
    private volatile BlsPublicKey? _rootKey;
    private volatile CertificateVerifier? _verifier;
    private int _callVersion = 4;
    private int _queryVersion = 3;
    private int _readStateVersion = 3;

    /// <summary>An agent over one <see cref="HttpClient"/> (not disposed by the agent).</summary>
    /// <param name="httpClient">The client; its own timeout should exceed <see cref="IcpAgentOptions.RequestTimeout"/>.</param>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="bls">The BLS12-381 signature check for certificates.</param>
    /// <param name="logger">Where retries and fallbacks are logged.</param>
    /// <param name="timeProvider">The clock for expiries, certificate freshness and delays; the system clock by default.</param>
    public IcpAgent(HttpClient httpClient, IcpAgentOptions options, IBlsVerifier bls, ILogger<IcpAgent>? logger = null, TimeProvider? timeProvider = null)
        : this(ClientSource(httpClient), options, bls, logger, timeProvider)
    {
    }

    /// <summary>An agent whose clients come from <paramref name="httpClientFactory"/> (named <see cref="HttpClientName"/>), as <c>AddIcpAgent</c> builds it.</summary>
    public IcpAgent(IHttpClientFactory httpClientFactory, IOptions<IcpAgentOptions> options, IBlsVerifier bls, ILogger<IcpAgent>? logger = null, TimeProvider? timeProvider = null)
        : this(FactorySource(httpClientFactory), (options ?? throw new ArgumentNullException(nameof(options))).Value, bls, logger, timeProvider)
    {
    }

    private IcpAgent(Func<HttpClient> client, IcpAgentOptions options, IBlsVerifier bls, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _bls = bls ?? throw new ArgumentNullException(nameof(bls));
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _transport = new IcpHttpTransport(client, options, _time, _logger);
        _requests = new RequestFactory(options.Identity, new IngressExpiry(_time, options.IngressExpiryWindow));
        _rootKey = options.RootKey ?? (options.IsLocalNetwork ? null : BlsPublicKey.MainnetRootKey);
    }

    private static Func<HttpClient> ClientSource(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }

    private static Func<HttpClient> FactorySource(IHttpClientFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return () => factory.CreateClient(HttpClientName);
    }

    /// <summary>The settings.</summary>
    public IcpAgentOptions Options { get; }

    /// <summary>The principal requests are sent as.</summary>
    public Principal Sender => Options.Identity.Sender;

    /// <summary>The call endpoint version in use: 4 or 3 (synchronous) or 2 (asynchronous, polled).</summary>
    public int CallVersion => Volatile.Read(ref _callVersion);

    /// <summary>The query endpoint version in use: 3 or 2.</summary>
    public int QueryVersion => Volatile.Read(ref _queryVersion);

    /// <summary>The read_state endpoint version in use: 3 or 2.</summary>
    public int ReadStateVersion => Volatile.Read(ref _readStateVersion);

    /// <summary>The root key certificates are checked against, when known (on a local network, after it was fetched).</summary>
    public BlsPublicKey? RootKey => _rootKey;

    /// <summary><c>GET /api/v2/status</c>.</summary>
    /// <exception cref="IcpHttpException">The replica answered with an error or not at all.</exception>
    /// <exception cref="IcpAgentException">The body is not a CBOR map.</exception>
    public async Task<IcpStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var reply = await _transport.GetAsync("/api/v2/status", cancellationToken).ConfigureAwait(false);
        if (reply.Status != System.Net.HttpStatusCode.OK) throw reply.ToException();
        return Decode(() => IcpStatus.Decode(reply.Body), "status");
    }

    /// <summary>
    /// Fetches the root key from <c>/api/v2/status</c> and trusts it from now on. Allowed only for a local network
    /// (<see cref="IcpAgentOptions.IsLocalNetwork"/>): anyone between the agent and mainnet could hand out a key of their own.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network is not local.</exception>
    /// <exception cref="IcpAgentException">The status carries no valid root key.</exception>
    public async Task<BlsPublicKey> FetchRootKeyAsync(CancellationToken cancellationToken = default)
    {
        if (!Options.IsLocalNetwork)
        {
            throw new InvalidOperationException(
                "Fetching the root key is only allowed for a local network (IcpAgentOptions.IsLocalNetwork = true). " +
                "Mainnet certificates are checked against the fixed mainnet root key (BlsPublicKey.MainnetRootKey); " +
                "a key fetched from the network it is meant to authenticate would prove nothing.");
        }
        var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.RootKey is null) throw new IcpAgentException($"{Options.Url} reports no root_key in its status");
        BlsPublicKey key;
        try { key = BlsPublicKey.FromDer(status.RootKey); }
        catch (FormatException e) { throw new IcpAgentException($"{Options.Url} reports an invalid root key: {e.Message}", e); }
        _rootKey = key;
        AgentLog.FetchedRootKey(_logger, Options.Url);
        return key;
    }

    private async ValueTask<CertificateVerifier> VerifierAsync(CancellationToken cancellationToken)
    {
        var key = _rootKey;
        if (key is null)
        {
            await _rootKeyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { key = _rootKey ?? await FetchRootKeyAsync(cancellationToken).ConfigureAwait(false); }
            finally { _rootKeyLock.Release(); }
        }
        // One verifier per root key, kept: it remembers the subnet delegations it verified, so later certificates
        // under the same delegation check one BLS signature instead of two.
        var verifier = _verifier;
        if (verifier is null || !verifier.RootKey.Equals(key))
        {
            verifier = new CertificateVerifier(_bls, key, new CertificateVerifierOptions
            {
                TimeProvider = _time,
                MaxCertificateAge = Options.MaxCertificateAge,
            });
            _verifier = verifier;
        }
        return verifier;
    }

    private async Task<Certificate> VerifyCertificateAsync(byte[] certificate, CertificateScope scope, CancellationToken cancellationToken)
    {
        var verifier = await VerifierAsync(cancellationToken).ConfigureAwait(false);
        return verifier.Verify(certificate, scope);
    }

    private static T Decode<T>(Func<T> decode, string what)
    {
        try { return decode(); }
        catch (FormatException e) { throw new IcpAgentException($"malformed {what} response: {e.Message}", e); }
    }

    // Moves an endpoint from `seen` to the next lower version, unless another request already did.
    private void FallBack(ref int version, int seen, string endpoint, HttpReply reply)
    {
        if (Interlocked.CompareExchange(ref version, seen - 1, seen) == seen)
            AgentLog.FallingBack(_logger, endpoint, seen, reply.RequestUri, (int)reply.Status, seen - 1);
    }

    private DateTimeOffset Now => _time.GetUtcNow();
}
