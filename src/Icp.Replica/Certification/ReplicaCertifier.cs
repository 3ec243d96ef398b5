using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;

namespace Icp.Replica.Certification;

/// <summary>
/// Makes certificates: the state tree pruned to the requested paths (and <c>/time</c>, always), signed with the root
/// BLS key over <c>\x0Dic-state-root</c> ‖ root hash. The root subnet signs itself, so certificates carry no delegation.
/// </summary>
internal sealed class ReplicaCertifier(ReplicaKeys keys)
{
    private static readonly IReadOnlyList<byte[]> TimePath = ["time"u8.ToArray()];
    private readonly StateTreeBuilder _builder = new(keys);
    private readonly Lock _signatureLock = new();
    private (byte[] Root, byte[] Signature)? _lastSignature;
    private bool _sharingTree;
    private HashTree? _sharedTree;

    /// <summary>The keys.</summary>
    public ReplicaKeys Keys => keys;

    /// <summary>The full state tree now (call under the replica's lock).</summary>
    public HashTree Tree(ReplicaCore core) => _builder.Build(core);

    /// <summary>The witness for <paramref name="paths"/> plus <c>/time</c> (call under the replica's lock; sign outside it).</summary>
    public HashTree Witness(ReplicaCore core, IEnumerable<IReadOnlyList<byte[]>> paths) =>
        HashTreeBuilder.Prune(_sharingTree ? _sharedTree ??= _builder.Build(core) : _builder.Build(core), paths.Append(TimePath));

    /// <summary>Runs <paramref name="body"/>, which must not change the state, building the state tree at most once for all its witnesses.</summary>
    public void WithOneTree(Action body) => WithOneTree(() => { body(); return 0; });

    /// <summary>Runs <paramref name="body"/>, which must not change the state, building the state tree at most once for all its witnesses.</summary>
    public T WithOneTree<T>(Func<T> body)
    {
        _sharingTree = true;
        try
        {
            return body();
        }
        finally
        {
            _sharingTree = false;
            _sharedTree = null;
        }
    }

    /// <summary>The CBOR certificate <c>55799({tree, signature})</c> for a witness.</summary>
    public byte[] Certify(HashTree witness)
    {
        byte[] root = witness.Digest();
        byte[] signature;
        lock (_signatureLock)
        {
            if (_lastSignature is { } last && last.Root.AsSpan().SequenceEqual(root)) signature = last.Signature;
            else
            {
                signature = keys.RootSecretKey.Sign(DomainSeparators.Prefix(DomainSeparators.StateRoot, root));
                _lastSignature = (root, signature);
            }
        }
        byte[] tree = HashTreeCbor.Encode(witness);
        var output = new List<byte>(tree.Length + 80) { 0xd9, 0xd9, 0xf7, 0xa2 };
        WriteText(output, "tree");
        output.AddRange(tree);
        WriteText(output, "signature");
        output.Add(0x58);
        output.Add((byte)signature.Length);
        output.AddRange(signature);
        return [.. output];
    }

    /// <summary>The certificate a query sees through <c>ic0.data_certificate_copy</c>: <c>/canister/&lt;id&gt;/certified_data</c> and <c>/time</c>.</summary>
    public byte[] DataCertificate(ReplicaCore core, Principal canisterId) =>
        Certify(Witness(core, [["canister"u8.ToArray(), canisterId.ToArray(), "certified_data"u8.ToArray()]]));

    private static void WriteText(List<byte> output, string text)
    {
        output.Add((byte)(0x60 | text.Length)); // short keys only
        output.AddRange(System.Text.Encoding.ASCII.GetBytes(text));
    }
}
