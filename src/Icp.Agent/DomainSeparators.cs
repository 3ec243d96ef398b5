using System.Text;

namespace Icp.Agent;

/// <summary>
/// Every domain separator the agent uses, in one place. A separator is one length byte followed by
/// that many ASCII characters; it is prefixed to signed payloads and tree-node hashes so that a signature
/// or hash made for one purpose can never be replayed for another (interface spec, "Signatures").
/// </summary>
public static class DomainSeparators
{
    /// <summary><c>\x0Aic-request</c>: prefixed to the request id for the sender signature.</summary>
    public static ReadOnlySpan<byte> Request => "\x0Aic-request"u8;

    /// <summary><c>\x1Aic-request-auth-delegation</c>: prefixed to the hash of a delegation map when it is signed.</summary>
    public static ReadOnlySpan<byte> RequestAuthDelegation => "\x1Aic-request-auth-delegation"u8;

    /// <summary><c>\x0Dic-state-root</c>: prefixed to the root hash of a certificate's tree for the BLS signature.</summary>
    public static ReadOnlySpan<byte> StateRoot => "\x0Dic-state-root"u8;

    /// <summary><c>\x0Bic-response</c>: prefixed to the hash of a query response for the node signature.</summary>
    public static ReadOnlySpan<byte> Response => "\x0Bic-response"u8;

    /// <summary><c>\x0Eic-sender-info</c>: prefixed to sender info signed with a canister signature.</summary>
    public static ReadOnlySpan<byte> SenderInfo => "\x0Eic-sender-info"u8;

    /// <summary><c>\x11ic-hashtree-empty</c>: hash of an Empty tree node.</summary>
    public static ReadOnlySpan<byte> HashTreeEmpty => "\x11ic-hashtree-empty"u8;

    /// <summary><c>\x10ic-hashtree-fork</c>: prefix of a Fork node's hash input.</summary>
    public static ReadOnlySpan<byte> HashTreeFork => "\x10ic-hashtree-fork"u8;

    /// <summary><c>\x13ic-hashtree-labeled</c>: prefix of a Labeled node's hash input.</summary>
    public static ReadOnlySpan<byte> HashTreeLabeled => "\x13ic-hashtree-labeled"u8;

    /// <summary><c>\x10ic-hashtree-leaf</c>: prefix of a Leaf node's hash input.</summary>
    public static ReadOnlySpan<byte> HashTreeLeaf => "\x10ic-hashtree-leaf"u8;

    /// <summary>
    /// Builds a separator in the IC's form (length byte + ASCII text), for protocols of our own
    /// that sign with their own domain, e.g. <c>Create("my-receipt")</c> gives <c>\x0Amy-receipt</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, longer than 255 bytes, or not ASCII.</exception>
    public static byte[] Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > 255) throw new ArgumentException("a domain name has 1 to 255 characters", nameof(name));
        foreach (var c in name)
            if (c > 0x7f) throw new ArgumentException("a domain name is ASCII", nameof(name));
        var bytes = new byte[name.Length + 1];
        bytes[0] = (byte)name.Length;
        Encoding.ASCII.GetBytes(name, bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>Concatenates a separator and a payload: the exact bytes that get signed or hashed.</summary>
    public static byte[] Prefix(ReadOnlySpan<byte> separator, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[separator.Length + payload.Length];
        separator.CopyTo(bytes);
        payload.CopyTo(bytes.AsSpan(separator.Length));
        return bytes;
    }
}
