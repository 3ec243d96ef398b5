using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Replica.Http;

/// <summary>
/// Checks a request envelope the way the replica's ingress validator does: the ingress expiry lies in
/// [now, now + 5 minutes + drift]; an anonymous sender carries no key, signature or delegation; any other sender is
/// the self-authenticating id of <c>sender_pubkey</c>, every delegation is signed by the key before it and not
/// expired, and the request is signed by the last key. Returns the delegations' targets (null: all canisters).
/// </summary>
internal static class RequestValidator
{
    /// <summary>The longest ingress expiry window the IC accepts.</summary>
    public static readonly ulong MaxIngressTtlNanos = 5UL * 60 * 1_000_000_000;

    /// <summary>Clock drift allowed beyond <see cref="MaxIngressTtlNanos"/>.</summary>
    public static readonly ulong PermittedDriftNanos = 60UL * 1_000_000_000;

    /// <summary>The most delegations in a chain.</summary>
    public const int MaxDelegations = 20;

    /// <summary>The most targets in one delegation.</summary>
    public const int MaxTargets = 1000;

    /// <exception cref="HttpErrorException">400 with the validator's message.</exception>
    public static HashSet<Principal>? Validate(Envelope envelope, ulong nowNanos)
    {
        var content = envelope.Content;
        ulong expiry = content.IngressExpiry;
        ulong max = nowNanos + MaxIngressTtlNanos + PermittedDriftNanos;
        if (expiry < nowNanos || expiry > max)
        {
            throw Bad("Specified ingress_expiry not within expected range:\n" +
                $"Minimum allowed expiry: {Format(nowNanos)}\n" +
                $"Maximum allowed expiry: {Format(max)}\n" +
                $"Provided expiry:        {Format(expiry)}\n" +
                $"Local replica time:     {Format(nowNanos)}");
        }

        if (envelope.SenderSignature is null && envelope.SenderPublicKey is null && envelope.SenderDelegation is null)
        {
            if (content.Sender.IsAnonymous) return null;
            throw Bad($"Missing signature from user: {content.Sender}");
        }
        if (content.Sender.IsAnonymous) throw Bad("Signature is not allowed for the anonymous user");
        if (envelope.SenderPublicKey is not { } publicKey) throw Bad($"Missing public key of user: {content.Sender}");
        if (envelope.SenderSignature is not { } signature) throw Bad($"Missing signature from user: {content.Sender}");
        if (Principal.SelfAuthenticating(publicKey) != content.Sender)
            throw Bad($"The user id {content.Sender} does not match the public key {Convert.ToHexStringLower(publicKey)}");

        HashSet<Principal>? targets = null;
        byte[] key = publicKey;
        var chain = envelope.SenderDelegation ?? [];
        if (chain.Count > MaxDelegations) throw Bad($"Invalid delegation: Chain of delegations is too long: got {chain.Count} delegations, but at most {MaxDelegations} are allowed");
        var seen = new HashSet<string>(StringComparer.Ordinal) { Convert.ToHexString(key) };
        foreach (var signed in chain)
        {
            var delegation = signed.Delegation;
            if (delegation.ExpirationNanoseconds < nowNanos)
            {
                throw Bad("Specified sender delegation has expired:\n" +
                    $"Provided expiry:    {Format(delegation.ExpirationNanoseconds)}\n" +
                    $"Local replica time: {Format(nowNanos)}");
            }
            if (!VerifySignature(key, delegation.SignableMessage(), signed.Signature, out string? why))
                throw Bad($"Invalid delegation: Invalid basic signature: {why}");
            if (delegation.Targets is { } list)
            {
                if (list.Count > MaxTargets) throw Bad($"Invalid delegation: expected at most {MaxTargets} targets per delegation, got {list.Count}");
                var set = list.ToHashSet();
                if (targets is null) targets = set;
                else targets.IntersectWith(set);
            }
            key = delegation.PublicKeyDer;
            if (!seen.Add(Convert.ToHexString(key))) throw Bad("Invalid delegation: Chain of delegations contains at least one cycle: the same public key is delegated to more than once");
        }
        if (!VerifySignature(key, content.RequestId.SignableMessage(), signature, out string? reason))
            throw Bad($"Invalid signature: Invalid basic signature: {reason}");
        return targets;
    }

    private static bool VerifySignature(byte[] publicKey, byte[] message, byte[] signature, out string? why)
    {
        try
        {
            bool ok = PublicKeyVerifier.Verify(publicKey, message, signature);
            why = ok ? null : $"signature verification failed for public key {Convert.ToHexStringLower(publicKey)}";
            return ok;
        }
        catch (NotSupportedException e)
        {
            why = $"Invalid public key: {e.Message}";
            return false;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            why = $"Malformed public key or signature: {e.Message}";
            return false;
        }
    }

    /// <summary>Nanoseconds since the epoch as an ISO time with nanoseconds, like the replica prints them.</summary>
    public static string Format(ulong nanos)
    {
        var time = IcTime.ToDateTimeOffset(nanos);
        return time.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + $"{nanos % 100:00} UTC";
    }

    private static HttpErrorException Bad(string message) => new(400, message);
}
