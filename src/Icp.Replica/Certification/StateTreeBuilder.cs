using System.Formats.Cbor;
using System.Text;
using Icp.Agent.Certification;
using Icp.Candid;
using Icp.Replica.State;

namespace Icp.Replica.Certification;

/// <summary>
/// Builds the certified state tree of the replica's one (root) subnet from its state, per the spec's "The system
/// state tree": <c>/time</c>, <c>/subnet/&lt;id&gt;/{public_key, canister_ranges, type, node/&lt;node&gt;/public_key}</c>,
/// the sharded <c>/canister_ranges/&lt;id&gt;/&lt;shard&gt;</c>, <c>/canister/&lt;id&gt;/{certified_data, module_hash,
/// controllers, metadata/&lt;name&gt;}</c> and <c>/request_status/&lt;id&gt;/...</c>. The parts that rarely change are cached.
/// </summary>
internal sealed class StateTreeBuilder(ReplicaKeys keys)
{
    /// <summary>The one range of canister ids the subnet hosts: every opaque id of the 8-byte-index form.</summary>
    public static readonly (Principal Low, Principal High) Range = (CanisterIdAllocator.FromIndex(0), CanisterIdAllocator.FromIndex(ulong.MaxValue));

    /// <summary>How long after its expiry a request's status stays in the tree.</summary>
    public const ulong StatusRetentionNanos = 5UL * 60 * 1_000_000_000;

    private HashTree? _subnet;
    private HashTree? _ranges;
    private RequestStatusTree _requestStatuses = new();
    private RequestStatusTable? _requestStatusSource;
    private readonly Dictionary<Principal, (object? Code, byte[] CertifiedData, string Controllers, HashTree Tree)> _canisters = [];

    /// <summary>The whole tree for the state as it is now.</summary>
    public HashTree Build(ReplicaCore core)
    {
        core.Requests.Prune(core.TimeNanos, StatusRetentionNanos);
        var root = new List<KeyValuePair<string, HashTree>>
        {
            new("canister", Canisters(core)),
            new("canister_ranges", _ranges ??= HashTreeBuilder.Labeled([
                new KeyValuePair<byte[], HashTree>(keys.SubnetId.ToArray(), HashTreeBuilder.Labeled([
                    new KeyValuePair<byte[], HashTree>(Range.Low.ToArray(), HashTree.Leaf(RangesCbor()))]))])),
            new("request_status", RequestStatuses(core.Requests)),
            new("subnet", _subnet ??= Subnet()),
            new("time", HashTree.Leaf(Leb128.EncodeUnsigned(core.TimeNanos))),
        };
        return HashTreeBuilder.Labeled(root);
    }

    private HashTree Subnet()
    {
        var node = HashTreeBuilder.Labeled([new KeyValuePair<byte[], HashTree>(keys.NodeId.ToArray(),
            HashTreeBuilder.Labeled([new KeyValuePair<string, HashTree>("public_key", HashTree.Leaf(keys.NodePublicKeyDer))]))]);
        var subnet = HashTreeBuilder.Labeled([
            new KeyValuePair<string, HashTree>("canister_ranges", HashTree.Leaf(RangesCbor())),
            new KeyValuePair<string, HashTree>("node", node),
            new KeyValuePair<string, HashTree>("public_key", HashTree.Leaf(keys.RootKeyDer)),
            new KeyValuePair<string, HashTree>("type", HashTree.Leaf("system"u8)),
        ]);
        return HashTreeBuilder.Labeled([new KeyValuePair<byte[], HashTree>(keys.SubnetId.ToArray(), subnet)]);
    }

    /// <summary>The ranges as the tree stores them: <c>55799([[low, high]])</c>.</summary>
    public static byte[] RangesCbor()
    {
        var writer = new CborWriter();
        writer.WriteTag((CborTag)55799);
        writer.WriteStartArray(1);
        writer.WriteStartArray(2);
        writer.WriteByteString(Range.Low.ToArray());
        writer.WriteByteString(Range.High.ToArray());
        writer.WriteEndArray();
        writer.WriteEndArray();
        return writer.Encode();
    }

    private HashTree Canisters(ReplicaCore core)
    {
        var children = new List<KeyValuePair<byte[], HashTree>>();
        foreach (var (id, canister) in core.Canisters)
        {
            string controllers = string.Join(",", canister.Controllers);
            if (!_canisters.TryGetValue(id, out var cached) || !ReferenceEquals(cached.Code, canister.Code)
                || !ReferenceEquals(cached.CertifiedData, canister.CertifiedData) || cached.Controllers != controllers)
            {
                cached = (canister.Code, canister.CertifiedData, controllers, Canister(canister));
                _canisters[id] = cached;
            }
            children.Add(new(id.ToArray(), cached.Tree));
        }
        if (_canisters.Count > core.Canisters.Count)
            foreach (var gone in _canisters.Keys.Where(k => !core.Canisters.ContainsKey(k)).ToList()) _canisters.Remove(gone);
        return HashTreeBuilder.Labeled(children);
    }

    private static HashTree Canister(CanisterState canister)
    {
        var fields = new List<KeyValuePair<string, HashTree>>
        {
            new("certified_data", HashTree.Leaf(canister.CertifiedData)),
            new("controllers", HashTree.Leaf(ControllersCbor(canister.Controllers))),
        };
        if (canister.Code is { } code)
        {
            fields.Add(new("module_hash", HashTree.Leaf(code.ModuleHash)));
            var metadata = CanisterMetadata.Sections(code)
                .Select(s => new KeyValuePair<string, HashTree>(s.Name, HashTree.Leaf(s.Content))).ToList();
            if (metadata.Count > 0) fields.Add(new("metadata", HashTreeBuilder.Labeled(metadata)));
        }
        return HashTreeBuilder.Labeled(fields);
    }

    /// <summary>Controllers as the tree stores them: <c>55799([* principal])</c>.</summary>
    public static byte[] ControllersCbor(IEnumerable<Principal> controllers)
    {
        var list = controllers.ToList();
        var writer = new CborWriter();
        writer.WriteTag((CborTag)55799);
        writer.WriteStartArray(list.Count);
        foreach (var c in list) writer.WriteByteString(c.ToArray());
        writer.WriteEndArray();
        return writer.Encode();
    }

    private HashTree RequestStatuses(RequestStatusTable table)
    {
        var changed = table.TakeCertifiedChanges();
        if (!ReferenceEquals(table, _requestStatusSource))
        {
            // A table not seen before (a new or restored state): start from all of it.
            _requestStatuses = new RequestStatusTree();
            _requestStatusSource = table;
            foreach (var (id, _, status) in table.Ingress) _requestStatuses.Set(Convert.FromHexString(id), Entry(Convert.FromHexString(id), status));
            return _requestStatuses.Tree();
        }
        foreach (var id in changed)
        {
            byte[] label = Convert.FromHexString(id);
            if (table.GetIngress(id) is not null && table.Get(id) is { } status) _requestStatuses.Set(label, Entry(label, status));
            else _requestStatuses.Remove(label);
        }
        return _requestStatuses.Tree();
    }

    private static HashTree Entry(byte[] requestId, IngressStatus status) => HashTree.Labeled(requestId, Status(status));

    private static HashTree Status(IngressStatus status)
    {
        var fields = new List<KeyValuePair<string, HashTree>>
        {
            new("status", HashTree.Leaf(Encoding.UTF8.GetBytes(status.State.ToString().ToLowerInvariant()))),
        };
        if (status.Response is { } response && status.State is RequestState.Replied or RequestState.Rejected)
        {
            if (response.IsReply) fields.Add(new("reply", HashTree.Leaf(response.Reply)));
            else
            {
                fields.Add(new("reject_code", HashTree.Leaf(Leb128.EncodeUnsigned((ulong)response.Code))));
                fields.Add(new("reject_message", HashTree.Leaf(Encoding.UTF8.GetBytes(response.Message))));
                if (response.ErrorCode is { } code) fields.Add(new("error_code", HashTree.Leaf(Encoding.UTF8.GetBytes(code))));
            }
        }
        return HashTreeBuilder.Labeled(fields);
    }
}
