using Bridge.Client.Json;
using Bridge.Client.Keys;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Icp.Candid;

namespace Bridge.Service.Benchmarks;

/// <summary>
/// Everything the client sends, made before any timing: node registrations, and fresh receipts that each carry both
/// signatures (an Ed25519 provider and an Ed25519 requester, the common case), serialized as request bodies.
/// </summary>
internal sealed class LoadWorkload
{
    public const string NetworkId = "emc-load";
    private static readonly Principal FeeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");

    private LoadWorkload(IReadOnlyList<byte[]> registrations, IReadOnlyDictionary<Principal, byte[]> nodeKeys, IReadOnlyList<Receipt> receipts)
    {
        Registrations = registrations;
        NodeKeys = nodeKeys;
        Receipts = receipts;
    }

    /// <summary>Each node's DER public key, by its principal.</summary>
    public IReadOnlyDictionary<Principal, byte[]> NodeKeys { get; }

    /// <summary>The bodies of <c>POST /v1/nodes</c>, one per node.</summary>
    public IReadOnlyList<byte[]> Registrations { get; }

    /// <summary>Signed receipts, all distinct (a scenario takes its own slice, so each is new to the store).</summary>
    public IReadOnlyList<Receipt> Receipts { get; }

    /// <summary><paramref name="count"/> receipts spread over <paramref name="nodes"/> nodes and as many requesters, signed on all cores.</summary>
    public static LoadWorkload Create(int nodes, int count)
    {
        var owner = BridgeKey.GenerateEd25519().Principal;
        var nodeKeys = Enumerable.Range(0, nodes).Select(_ => BridgeKey.GenerateEd25519()).ToArray();
        var requesterKeys = Enumerable.Range(0, nodes).Select(_ => BridgeKey.GenerateEd25519()).ToArray();
        var registrations = nodeKeys.Select(k => BridgeJson.Registration(NodeRegistrations.Sign(k, NetworkId, owner))).ToList();
        // Ended a minute ago: inside every intake window however long the run takes (the maximum age is 24 h).
        ulong endedNs = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000) * 1_000_000;
        string run = Guid.NewGuid().ToString("N")[..8];
        var receipts = new Receipt[count];
        Parallel.For(0, count, i =>
        {
            var node = nodeKeys[i % nodes];
            var requester = requesterKeys[(i / nodes) % nodes];
            var receipt = new Receipt
            {
                NetworkId = NetworkId, ReceiptId = $"r-{run}-{i:D7}", TaskId = $"t-{run}-{i:D7}", Provider = node.Principal,
                Requester = requester.Principal, Workload = "stable-diffusion-xl", GpuModel = "RTX 3090", GpuSeconds = 30,
                StartedAtNs = endedNs - 60_000_000_000, EndedAtNs = endedNs, FeeToken = FeeToken, FeeAmount = 150_000,
                FeeBlock = (ulong)i, ResultHash = new byte[32], ProviderSignature = [],
            };
            receipts[i] = ReceiptSigning.Countersign(ReceiptSigning.SignAsProvider(receipt, node), requester);
        });
        return new LoadWorkload(registrations, nodeKeys.ToDictionary(k => k.Principal, k => k.PublicKeyDer), receipts);
    }
}
