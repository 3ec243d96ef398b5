using System.Security.Cryptography;
using System.Text;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;
using Icp.Testing;
using static Icp.Agent.Tests.Fuzzing.CborNode;

namespace Icp.Agent.Tests.Fuzzing;

/// <summary>
/// Structure-aware inputs for the wire fuzz target: valid envelopes, responses, certificates, hash trees and PEM keys
/// built from a seed, and mutations that know their structure: a node replaced by hostile nesting (every family, at
/// depths around each reader's limit and far past it), by many copies of a subtree (shared structure), by a lying
/// length or a wrong kind; then, sometimes, a byte-level cut or flip on top.
/// </summary>
internal sealed class WireFuzzInputs(int seed)
{
    /// <summary>The most bytes copying a subtree may produce (keeps the run short; size limits are tested on their own).</summary>
    public const int MaxCopiedBytes = 512 * 1024;

    private static readonly int[] Depths = [1, 2, 8, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1_000, 20_000];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    // ---- valid documents ----

    public CborNode Envelope()
    {
        var sender = Principal.FromBytes(Blob(_random.Next(0, 30)));
        var expiry = (ulong)_random.NextInt64();
        byte[]? nonce = _random.Next(3) == 0 ? null : Blob(_random.Next(0, 33));
        RequestContent content = _random.Next(3) switch
        {
            0 => new CallContent(sender, expiry, nonce, Principal.FromBytes(Blob(10)), "m" + _random.Next(100), Blob(_random.Next(0, 200))),
            1 => new QueryContent(sender, expiry, nonce, Principal.FromBytes(Blob(10)), "q", Blob(_random.Next(0, 200))),
            _ => new ReadStateContent(sender, expiry, nonce, [.. Enumerable.Range(0, _random.Next(0, 5)).Select(_ => (IReadOnlyList<byte[]>)[.. Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Blob(_random.Next(0, 40)))])]),
        };
        var fields = new List<(string, CborNode)> { ("content", FromHashable(content.ToFields())) };
        if (_random.Next(2) == 0)
        {
            fields.Add(("sender_pubkey", new Bytes(Blob(44))));
            fields.Add(("sender_sig", new Bytes(Blob(64))));
        }
        if (_random.Next(3) == 0)
        {
            fields.Add(("sender_delegation", new CborNode.Array([.. Enumerable.Range(0, _random.Next(1, 4)).Select(_ => (CborNode)Of(
                ("delegation", Of(("pubkey", new Bytes(Blob(44))), ("expiration", new Uint((ulong)_random.NextInt64())),
                    ("targets", new CborNode.Array([.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => (CborNode)new Bytes(Blob(10)))])))),
                ("signature", new Bytes(Blob(64)))))])));
        }
        return new Tag(55799, Of([.. fields]));
    }

    public CborNode Response() => _random.Next(4) switch
    {
        0 => new Tag(55799, Of(("status", new Text("replied")), ("reply", Of(("arg", new Bytes(Blob(_random.Next(0, 100)))))),
            ("signatures", new CborNode.Array([Of(("timestamp", new Uint(1)), ("signature", new Bytes(Blob(64))), ("identity", new Bytes(Blob(29))))])))),
        1 => new Tag(55799, Of(("status", new Text("rejected")), ("reject_code", new Uint(4)), ("reject_message", new Text("no")), ("error_code", new Text("IC0406")))),
        2 => new Tag(55799, Of(("certificate", new Bytes(Certificate(delegation: false).Encode())))),
        _ => new Tag(55799, Of(("status", new Text("replied")), ("certificate", new Bytes(Blob(100))))),
    };

    /// <summary>A certificate: a tree, a 48-byte signature, and sometimes a delegation holding another certificate.</summary>
    public CborNode Certificate(bool delegation)
    {
        var fields = new List<(string, CborNode)> { ("tree", Tree()), ("signature", new Bytes(Blob(48))) };
        if (delegation && _random.Next(2) == 0)
            fields.Add(("delegation", Of(("subnet_id", new Bytes(Blob(29))), ("certificate", new Bytes(Certificate(false).Encode())))));
        var map = Of([.. fields]);
        return _random.Next(2) == 0 ? new Tag(55799, map) : map;
    }

    /// <summary>
    /// A hash tree: random shape, sometimes with a spine as deep as the reader's limit (just under or just over it),
    /// sometimes a balanced tree whose leaves all share one subtree.
    /// </summary>
    public CborNode Tree() => _random.Next(5) switch
    {
        0 => Spine(_random.Next(2) == 0 ? 250 + _random.Next(12) : _random.Next(1, 40)),
        1 => SharedTree(_random.Next(1, 10), RandomTree(3)),
        _ => new CborNode.Array([new Uint(1), new CborNode.Array([new Uint(2), new Bytes("time"u8.ToArray()), Leaf(Blob(8))]), RandomTree(5)]),
    };

    private CborNode RandomTree(int depth) => (depth <= 0 ? 2 + _random.Next(3) : _random.Next(5)) switch
    {
        0 => new CborNode.Array([new Uint(1), RandomTree(depth - 1), RandomTree(depth - 1)]),
        1 => new CborNode.Array([new Uint(2), new Bytes(Encoding.ASCII.GetBytes(_random.Next(3) == 0 ? "time" : "l" + _random.Next(10))), RandomTree(depth - 1)]),
        2 => Leaf(Blob(_random.Next(0, 20))),
        3 => new CborNode.Array([new Uint(4), new Bytes(Blob(32))]),
        _ => new CborNode.Array([new Uint(0)]),
    };

    private CborNode Spine(int depth)
    {
        CborNode node = Leaf(Blob(4));
        for (var i = 1; i < depth; i++)
            node = _random.Next(2) == 0
                ? new CborNode.Array([new Uint(1), node, new CborNode.Array([new Uint(0)])])
                : new CborNode.Array([new Uint(2), new Bytes([(byte)'x']), node]);
        return node;
    }

    private static CborNode SharedTree(int height, CborNode shared) =>
        height == 0 ? shared : new CborNode.Array([new Uint(1), SharedTree(height - 1, shared), SharedTree(height - 1, shared)]);

    private static CborNode Leaf(byte[] value) => new CborNode.Array([new Uint(3), new Bytes(value)]);

    /// <summary>A PEM key of one of the three kinds, from this seed.</summary>
    public string Pem()
    {
        var key = Blob(32);
        key[0] = (byte)(1 + _random.Next(0x7e)); // below both curve orders, never zero
        return _random.Next(3) switch
        {
            0 => Ed25519Identity.FromSeed(key).ToPem(),
            1 => Secp256k1Identity.FromPrivateKey(key).ToPem(),
            _ => P256Identity.FromPrivateKey(key).ToPem(),
        };
    }

    // ---- mutations ----

    /// <summary>The document mutated by one to three structural changes, then sometimes a byte-level one.</summary>
    public byte[] Mutate(CborNode document)
    {
        var node = document;
        for (int i = 0, n = _random.Next(1, 4); i < n; i++)
        {
            var nodes = node.Nodes();
            var index = _random.Next(nodes.Count);
            var target = nodes[index];
            node = node.Replace(index, Replacement(target));
        }
        var bytes = node.Encode();
        return _random.Next(4) == 0 ? ByteMutation(bytes) : bytes;
    }

    private CborNode Replacement(CborNode target)
    {
        switch (_random.Next(8))
        {
            case 0: return new Raw(HostileNesting());
            case 1:
                {
                    // Shared structure: many copies of the node being replaced (an array, or a fork tree for trees).
                    var copies = _random.Next(2, 1_025);
                    var size = target.Encode().Length;
                    if ((long)copies * size > MaxCopiedBytes) copies = Math.Max(2, MaxCopiedBytes / Math.Max(1, size));
                    return _random.Next(2) == 0
                        ? new CborNode.Array([.. Enumerable.Repeat(target, copies)], Indefinite: _random.Next(2) == 0)
                        : SharedTree(Math.Min(10, (int)Math.Log2(copies)), target);
                }
            case 2: return new Raw(HostileCbor.LyingLengths().ElementAt(_random.Next(HostileCbor.LyingLengths().Count())).Value);
            case 3: return new Tag((ulong)_random.Next(0, 60000), target);
            case 4:
                return target switch
                {
                    CborNode.Array a => a with { Indefinite = !a.Indefinite },
                    CborNode.Map m => m with { Indefinite = !m.Indefinite },
                    _ => new Uint((ulong)_random.NextInt64()),
                };
            case 5: return _random.Next(3) switch { 0 => new Text("x"), 1 => new Bytes(Blob(_random.Next(0, 64))), _ => Of() };
            case 6: return new Bytes(Blob(_random.Next(0, 300_000))); // an oversized field
            default: return new Raw([(byte)_random.Next(256)]);
        }
    }

    /// <summary>Deep nesting of one family at a depth near some reader's limit or far past it.</summary>
    public byte[] HostileNesting()
    {
        var depth = Depths[_random.Next(Depths.Length)];
        return _random.Next(9) switch
        {
            0 => HostileCbor.NestedArrays(depth),
            1 => HostileCbor.NestedMaps(depth),
            2 => HostileCbor.NestedTags(depth),
            3 => HostileCbor.NestedIndefiniteArrays(depth),
            4 => HostileCbor.NestedIndefiniteMaps(depth),
            5 => HostileCbor.NestedForks(depth),
            6 => HostileCbor.NestedLabels(depth),
            7 => HostileCbor.Mixed(depth, _random.Next()),
            _ => [.. HostileCbor.NestedArrays(depth).AsSpan(0, depth)], // never closed
        };
    }

    public byte[] ByteMutation(byte[] bytes)
    {
        if (bytes.Length == 0) return [(byte)_random.Next(256)];
        var copy = bytes.ToArray();
        switch (_random.Next(3))
        {
            case 0: return copy[.._random.Next(copy.Length)];
            case 1: copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8)); return copy;
            default:
                var at = _random.Next(copy.Length);
                return [.. copy[..at], (byte)_random.Next(256), .. copy[at..]];
        }
    }

    /// <summary>A PEM text mutated at the text, base64 or DER level, including deep BER nesting and lying DER lengths.</summary>
    public string MutatePem(string pem)
    {
        var label = pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal) ? "EC PRIVATE KEY" : "PRIVATE KEY";
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
        switch (_random.Next(10))
        {
            case 0: // deep indefinite-length BER sequences (and constructed octet strings) as the whole key
                {
                    var depth = Depths[_random.Next(Depths.Length)];
                    byte[] open = _random.Next(2) == 0 ? [0x30, 0x80] : [0x24, 0x80];
                    return Wrap(label, [.. HostileCbor.Repeat(open, depth), 0x04, 0x00, .. HostileCbor.Repeat([0x00, 0x00], depth)]);
                }
            case 1: // a constructed OCTET STRING nested deeply where the private key goes
                {
                    var depth = Depths[_random.Next(Depths.Length)];
                    byte[] inner = [.. HostileCbor.Repeat([0x24, 0x80], depth), 0x04, 0x01, 0x01, .. HostileCbor.Repeat([0x00, 0x00], depth)];
                    return Wrap(label, [0x30, 0x80, 0x02, 0x01, 0x01, .. inner, 0x00, 0x00]);
                }
            case 2: return Wrap(label, [0x30, 0x84, 0xff, 0xff, 0xff, 0xff, .. der]); // a length of 4 GiB
            case 3: return Wrap(label, [0x30, 0x89, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, .. der]); // a 9-byte length
            case 4: return Wrap(label, ByteMutation(der));
            case 5: return Wrap(_random.Next(2) == 0 ? "ENCRYPTED PRIVATE KEY" : "CERTIFICATE", der);
            case 6: return string.Concat(Enumerable.Repeat(Wrap("EC PARAMETERS", [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a]), _random.Next(1, 2_000))) + (_random.Next(2) == 0 ? pem : "");
            case 7: return pem.Replace('A', '*'); // not base64
            case 8: return pem[.._random.Next(pem.Length)];
            default: return Wrap(label, [.. der, .. Blob(_random.Next(1, 200_000))]); // trailing data, oversized
        }
    }

    private static string Wrap(string label, byte[] der) => PemEncoding.WriteString(label, der) + "\n";

    private byte[] Blob(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static CborNode FromHashable(IEnumerable<KeyValuePair<string, Hashing.HashableValue>> fields) =>
        new Map([.. fields.Select(f => ((CborNode)new Text(f.Key), FromHashable(f.Value)))]);

    private static CborNode FromHashable(Hashing.HashableValue value) => value switch
    {
        Hashing.HashableValue.BlobValue b => new Bytes(b.Bytes),
        Hashing.HashableValue.TextValue t => new Text(t.Value),
        Hashing.HashableValue.NatValue n => new Uint((ulong)n.Value),
        Hashing.HashableValue.ArrayValue a => new CborNode.Array([.. a.Items.Select(FromHashable)]),
        Hashing.HashableValue.MapValue m => FromHashable(m.Fields),
        _ => throw new NotSupportedException(value.GetType().Name),
    };
}
