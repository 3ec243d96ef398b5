using Icp.Candid;

namespace Icp.Agent.Certification;

/// <summary>
/// Verifies certificates as the spec's Certification section requires: the delegation (depth one, root-signed,
/// carrying the subnet key, covering the scope), the BLS signature over <c>\x0Dic-state-root</c> ‖ root hash, and
/// the freshness of <c>/time</c>. The BLS arithmetic itself comes from an <see cref="IBlsVerifier"/>.
/// </summary>
public sealed class CertificateVerifier
{
    private readonly IBlsVerifier _bls;
    private readonly BlsPublicKey _rootKey;
    private readonly CertificateVerifierOptions _options;

    // Delegation certificates whose root signature already verified, by the SHA-256 of their bytes. A subnet's
    // delegation changes rarely, so every certificate after the first from that subnet skips one pairing check.
    // Scope and time are still checked each time; the bound keeps a stream of distinct delegations from growing it.
    private const int MaxCachedDelegations = 64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _verifiedDelegations = new(StringComparer.Ordinal);

    /// <summary>A verifier trusting <paramref name="rootKey"/> (use <see cref="BlsPublicKey.MainnetRootKey"/> for mainnet).</summary>
    public CertificateVerifier(IBlsVerifier bls, BlsPublicKey rootKey, CertificateVerifierOptions? options = null)
    {
        _bls = bls ?? throw new ArgumentNullException(nameof(bls));
        _rootKey = rootKey ?? throw new ArgumentNullException(nameof(rootKey));
        _options = options ?? new CertificateVerifierOptions();
    }

    /// <summary>The trusted root key.</summary>
    public BlsPublicKey RootKey => _rootKey;

    /// <summary>Decodes and verifies a certificate; returns it when valid.</summary>
    /// <exception cref="CertificateVerificationException">The certificate is invalid; the reason says why.</exception>
    public Certificate Verify(ReadOnlyMemory<byte> certificateCbor, CertificateScope scope)
    {
        var certificate = Certificate.Decode(certificateCbor);
        Verify(certificate, scope);
        return certificate;
    }

    /// <summary>Verifies a decoded certificate for <paramref name="scope"/>.</summary>
    /// <exception cref="CertificateVerificationException">The certificate is invalid; the reason says why.</exception>
    public void Verify(Certificate certificate, CertificateScope scope)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(scope);
        if (certificate.Delegation is null)
        {
            CheckSignature(certificate, CheckRootScope(scope), CertificateVerificationError.BadSignature, "certificate");
        }
        else
        {
            var delegated = ReadDelegation(certificate.Delegation, scope);
            if (_verifiedDelegations.ContainsKey(delegated.Digest))
            {
                CheckSignature(certificate, delegated.SubnetKey, CertificateVerificationError.BadSignature, "certificate");
            }
            else if (BatchVerifies(delegated.Inner, certificate, delegated.SubnetKey))
            {
                // Both signatures in one pairing product: one final exponentiation instead of two.
                Remember(delegated.Digest);
            }
            else
            {
                // The batch says only that something is wrong: check each to report which.
                CheckSignature(delegated.Inner, _rootKey, CertificateVerificationError.BadDelegation, "delegation certificate");
                Remember(delegated.Digest);
                CheckSignature(certificate, delegated.SubnetKey, CertificateVerificationError.BadSignature, "certificate");
            }
            CheckTime(delegated.Inner, _options.MaxDelegationAge, "delegation certificate", pastOnly: true);
        }
        CheckTime(certificate, _options.MaxCertificateAge, "certificate");
    }

    private sealed record ReadDelegationResult(Certificate Inner, BlsPublicKey SubnetKey, string Digest);

    /// <summary>
    /// Verifies the delegation of a certificate and returns the subnet key it vouches for: the delegation certificate
    /// must carry no delegation, verify under the root key, contain <c>/subnet/&lt;id&gt;/public_key</c>, and cover the scope.
    /// </summary>
    /// <exception cref="CertificateVerificationException">The delegation is invalid or does not cover the scope.</exception>
    public BlsPublicKey VerifyDelegation(CertificateDelegation delegation, CertificateScope scope)
    {
        var delegated = ReadDelegation(delegation, scope);
        if (!_verifiedDelegations.ContainsKey(delegated.Digest))
        {
            CheckSignature(delegated.Inner, _rootKey, CertificateVerificationError.BadDelegation, "delegation certificate");
            Remember(delegated.Digest);
        }
        CheckTime(delegated.Inner, _options.MaxDelegationAge, "delegation certificate", pastOnly: true);
        return delegated.SubnetKey;
    }

    // Everything about a delegation except its signature: structure, the subnet key, the scope, and the digest it is
    // remembered by once its signature verified.
    private ReadDelegationResult ReadDelegation(CertificateDelegation delegation, CertificateScope scope)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        ArgumentNullException.ThrowIfNull(scope);
        Certificate inner;
        try { inner = Certificate.Decode(delegation.CertificateBytes); }
        catch (CertificateVerificationException e) { throw new CertificateVerificationException(CertificateVerificationError.BadDelegation, "delegation certificate: " + e.Message, e); }
        if (inner.Delegation is not null)
            throw new CertificateVerificationException(CertificateVerificationError.NestedDelegation, "a delegation certificate must not carry a delegation of its own");

        var subnet = delegation.SubnetId;
        var keyLookup = inner.Tree.Lookup(Bytes("subnet"), subnet.ToArray(), Bytes("public_key"));
        if (!keyLookup.IsFound)
            throw new CertificateVerificationException(CertificateVerificationError.BadDelegation, $"/subnet/{subnet}/public_key lookup gave {keyLookup.Status}");
        BlsPublicKey subnetKey;
        try { subnetKey = BlsPublicKey.FromDer(keyLookup.Value); }
        catch (FormatException e) { throw new CertificateVerificationException(CertificateVerificationError.BadDelegation, "subnet public key: " + e.Message, e); }

        CheckScope(inner, subnet, scope);
        string digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(delegation.CertificateBytes));
        return new ReadDelegationResult(inner, subnetKey, digest);
    }

    private void Remember(string digest)
    {
        if (_verifiedDelegations.Count >= MaxCachedDelegations) _verifiedDelegations.Clear();
        _verifiedDelegations[digest] = true;
    }

    private bool BatchVerifies(Certificate delegation, Certificate certificate, BlsPublicKey subnetKey)
    {
        try
        {
            return _bls.VerifyBatch([
                (delegation.Signature.ToArray(), delegation.SignedMessage.ToArray(), _rootKey.Raw.ToArray()),
                (certificate.Signature.ToArray(), certificate.SignedMessage.ToArray(), subnetKey.Raw.ToArray()),
            ]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    // Without a delegation the root subnet signed: a subnet endpoint must then be the root subnet, whose id is the
    // self-authenticating id of the root key. Canister endpoints are accepted, as agent-rs does (the root subnet is trusted).
    private BlsPublicKey CheckRootScope(CertificateScope scope)
    {
        if (scope.EffectiveSubnetId is { } esid && esid != _rootKey.SelfAuthenticatingPrincipal)
            throw new CertificateVerificationException(CertificateVerificationError.SubnetMismatch, $"certificate from the root subnet, expected subnet {esid}");
        return _rootKey;
    }

    private static void CheckScope(Certificate delegationCertificate, Principal subnet, CertificateScope scope)
    {
        if (scope.EffectiveSubnetId is { } esid && esid != subnet)
            throw new CertificateVerificationException(CertificateVerificationError.SubnetMismatch, $"certificate delegated to subnet {subnet}, expected {esid}");
        if (scope.EffectiveCanisterId is not { } canister) return;
        CanisterRangeCheck check;
        try { check = CanisterRanges.Check(delegationCertificate.Tree, subnet, canister, scope.Layout); }
        catch (FormatException e) { throw new CertificateVerificationException(CertificateVerificationError.Malformed, "canister ranges: " + e.Message, e); }
        switch (check)
        {
            case CanisterRangeCheck.NotInRange:
                throw new CertificateVerificationException(CertificateVerificationError.CanisterNotInRange, $"canister {canister} is not in the ranges of subnet {subnet}");
            case CanisterRangeCheck.Unavailable:
                throw new CertificateVerificationException(CertificateVerificationError.CanisterRangesUnavailable, $"the canister ranges of subnet {subnet} are absent or pruned ({scope.Layout} layout)");
        }
    }

    private void CheckSignature(Certificate certificate, BlsPublicKey key, CertificateVerificationError reason, string what)
    {
        bool valid;
        try { valid = _bls.Verify(certificate.Signature, certificate.SignedMessage, key.Raw); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // A BLS library that throws on bad points still means "does not verify".
            throw new CertificateVerificationException(reason, $"{what} signature rejected: {e.Message}", e);
        }
        if (!valid) throw new CertificateVerificationException(reason, $"{what} signature does not verify");
    }

    private void CheckTime(Certificate certificate, TimeSpan? limit, string what, bool pastOnly = false)
    {
        if (limit is not { } max) return;
        var certified = certificate.Time;
        var now = _options.TimeProvider.GetUtcNow();
        var offset = now - certified;
        if (offset > max || (!pastOnly && -offset > max))
            throw new CertificateVerificationException(CertificateVerificationError.StaleTime,
                $"{what} time {certified:O} is {offset.Duration()} {(offset >= TimeSpan.Zero ? "old" : "in the future")}, more than {max} from local time {now:O}");
    }

    private static byte[] Bytes(string s) => System.Text.Encoding.ASCII.GetBytes(s);
}
