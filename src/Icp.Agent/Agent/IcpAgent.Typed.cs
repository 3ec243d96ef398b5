using Icp.Candid;

namespace Icp.Agent;

public sealed partial class IcpAgent
{
    /// <summary>An update call with a typed argument and result, mapped by <see cref="CandidSerializer"/>.</summary>
    /// <exception cref="CandidDecodeException">The reply does not decode as <typeparamref name="TResult"/>.</exception>
    public async Task<TResult> CallAsync<TArg, TResult>(Principal canisterId, string method, TArg arg, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(canisterId, method, CandidSerializer.Serialize(arg), cancellationToken).ConfigureAwait(false);
        return CandidSerializer.Deserialize<TResult>(reply);
    }

    /// <summary>A query with a typed argument and result, mapped by <see cref="CandidSerializer"/>.</summary>
    /// <exception cref="CandidDecodeException">The reply does not decode as <typeparamref name="TResult"/>.</exception>
    public async Task<TResult> QueryAsync<TArg, TResult>(Principal canisterId, string method, TArg arg, CancellationToken cancellationToken = default)
    {
        var reply = await QueryAsync(canisterId, method, CandidSerializer.Serialize(arg), cancellationToken).ConfigureAwait(false);
        return CandidSerializer.Deserialize<TResult>(reply);
    }
}
