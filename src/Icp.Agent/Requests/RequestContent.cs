using Icp.Agent.Hashing;
using Icp.Candid;

namespace Icp.Agent.Requests;

/// <summary>
/// The content of a request (<c>call</c>, <c>query</c> or <c>read_state</c>): the part the request id hashes and
/// the sender signs. Optional fields that are null are left out of both the CBOR and the hash, never sent as null.
/// </summary>
public abstract record RequestContent
{
    private protected RequestContent(Principal sender, ulong ingressExpiry, byte[]? nonce)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        IngressExpiry = ingressExpiry;
        Nonce = nonce;
    }

    /// <summary><c>call</c>, <c>query</c> or <c>read_state</c>.</summary>
    public abstract string RequestType { get; }

    /// <summary>The sending principal.</summary>
    public Principal Sender { get; }

    /// <summary>Expiry in nanoseconds since the Unix epoch.</summary>
    public ulong IngressExpiry { get; }

    /// <summary>Optional random bytes that make otherwise identical requests distinct.</summary>
    public byte[]? Nonce { get; }

    /// <summary>The fields for hashing and encoding, in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, HashableValue>> ToFields()
    {
        var fields = new List<KeyValuePair<string, HashableValue>> { new("request_type", HashableValue.Text(RequestType)) };
        if (Nonce is not null) fields.Add(new("nonce", HashableValue.Blob(Nonce)));
        fields.Add(new("ingress_expiry", HashableValue.Nat(IngressExpiry)));
        fields.Add(new("sender", HashableValue.Principal(Sender)));
        AddFields(fields);
        return fields;
    }

    private protected abstract void AddFields(List<KeyValuePair<string, HashableValue>> fields);

    /// <summary>The request id: <c>hash_of_map</c> of the content.</summary>
    public RequestId RequestId => RequestId.FromContent(ToFields());
}

/// <summary>What calls and queries share: a method of a canister and its Candid argument.</summary>
public abstract record CanisterMethodContent : RequestContent
{
    private protected CanisterMethodContent(Principal sender, ulong ingressExpiry, byte[]? nonce, Principal canisterId, string methodName, byte[] arg)
        : base(sender, ingressExpiry, nonce)
    {
        CanisterId = canisterId ?? throw new ArgumentNullException(nameof(canisterId));
        MethodName = methodName ?? throw new ArgumentNullException(nameof(methodName));
        Arg = arg ?? throw new ArgumentNullException(nameof(arg));
    }

    /// <summary>The canister addressed.</summary>
    public Principal CanisterId { get; }

    /// <summary>The method name.</summary>
    public string MethodName { get; }

    /// <summary>The Candid-encoded argument.</summary>
    public byte[] Arg { get; }

    private protected sealed override void AddFields(List<KeyValuePair<string, HashableValue>> fields)
    {
        fields.Add(new("canister_id", HashableValue.Principal(CanisterId)));
        fields.Add(new("method_name", HashableValue.Text(MethodName)));
        fields.Add(new("arg", HashableValue.Blob(Arg)));
    }
}

/// <summary>An update call: <c>{request_type: "call", canister_id, method_name, arg, ...}</c>.</summary>
public sealed record CallContent : CanisterMethodContent
{
    /// <summary>A call of <paramref name="methodName"/> on <paramref name="canisterId"/> with Candid <paramref name="arg"/>.</summary>
    public CallContent(Principal sender, ulong ingressExpiry, byte[]? nonce, Principal canisterId, string methodName, byte[] arg)
        : base(sender, ingressExpiry, nonce, canisterId, methodName, arg)
    {
    }

    /// <inheritdoc />
    public override string RequestType => "call";
}

/// <summary>A query: <c>{request_type: "query", canister_id, method_name, arg, ...}</c>.</summary>
public sealed record QueryContent : CanisterMethodContent
{
    /// <summary>A query of <paramref name="methodName"/> on <paramref name="canisterId"/> with Candid <paramref name="arg"/>.</summary>
    public QueryContent(Principal sender, ulong ingressExpiry, byte[]? nonce, Principal canisterId, string methodName, byte[] arg)
        : base(sender, ingressExpiry, nonce, canisterId, methodName, arg)
    {
    }

    /// <inheritdoc />
    public override string RequestType => "query";
}

/// <summary>A read of state-tree paths: <c>{request_type: "read_state", paths, ...}</c>.</summary>
public sealed record ReadStateContent : RequestContent
{
    /// <summary>A read of <paramref name="paths"/> (each a list of labels).</summary>
    public ReadStateContent(Principal sender, ulong ingressExpiry, byte[]? nonce, IReadOnlyList<IReadOnlyList<byte[]>> paths)
        : base(sender, ingressExpiry, nonce) =>
        Paths = paths ?? throw new ArgumentNullException(nameof(paths));

    /// <inheritdoc />
    public override string RequestType => "read_state";

    /// <summary>The paths read.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>> Paths { get; }

    private protected override void AddFields(List<KeyValuePair<string, HashableValue>> fields) =>
        fields.Add(new("paths", HashableValue.Array(Paths.Select(p => HashableValue.Array(p.Select(l => HashableValue.Blob(l)))))));
}
