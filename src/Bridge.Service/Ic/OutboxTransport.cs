using Bridge.Service.Http;
using Bridge.Service.Store;
using Icp.Agent;
using Icp.Candid;

namespace Bridge.Service.Ic;

/// <summary>
/// An <see cref="ICanisterTransport"/> for one update call that must reach the canister at most once however often it
/// is retried: the first attempt signs the call (sending nothing) and stores the signed bytes and request id in the
/// outbox under (<paramref name="kind"/>, <paramref name="key"/>) BEFORE it submits them; every later attempt, in this
/// process or after a restart, submits the same stored bytes again (the IC runs a request id once) or only waits for
/// the request id's certified outcome. Generated clients go through it, so they encode and decode as usual.
/// </summary>
internal sealed class OutboxTransport(IcpAgent agent, IBridgeStore store, string kind, string key, TimeProvider time) : ICanisterTransport
{
    /// <summary>True once the stored request was found in the outbox rather than created by this transport.</summary>
    public bool Resumed { get; private set; }

    /// <summary>The request id of the stored call, once known.</summary>
    public string? RequestId { get; private set; }

    public async Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
    {
        var entry = await store.GetOutboxAsync(kind, key, ct);
        if (entry is { Outcome: "replied", Reply: { } stored })
        {
            Resumed = true;
            RequestId = JsonNat.Hex(entry.RequestId);
            return stored;
        }
        SignedCall call;
        if (entry is null or { Outcome: "expired" })
        {
            var signed = agent.SignCall(canister, method, arg);
            entry = await store.AddOutboxAsync(new OutboxEntry(kind, key, signed.RequestId.ToArray(), signed.ToBytes(), JsonNat.Nanos(time.GetUtcNow())), ct);
        }
        else Resumed = true;
        call = SignedCall.FromBytes(entry.Envelope);
        RequestId = call.RequestId.ToHex();
        if (call.Method != method || call.CanisterId != canister)
            throw new InvalidOperationException($"outbox {kind}/{key} holds a call of {call.CanisterId}.{call.Method}, not {canister}.{method}");

        try
        {
            // Before its expiry the same bytes may be sent again (a lost submission); after it, only its status counts.
            if (call.IngressExpiry > TimeProvider.System.GetUtcNow()) await agent.SubmitAsync(call, ct);
            var reply = await agent.WaitAsync(call, ct);
            await store.CompleteOutboxAsync(kind, key, "replied", reply, ct);
            return reply;
        }
        catch (CallRejectedException e)
        {
            await store.CompleteOutboxAsync(kind, key, "rejected", null, ct);
            await store.AddEventAsync(kind + "_rejected", key, e.Message, ct);
            throw;
        }
        catch (IcpTimeoutException e) when (e.LastStatus is null)
        {
            // Expired without a trace: it never ran, and now it never can. The next attempt signs a new call.
            await store.CompleteOutboxAsync(kind, key, "expired", null, ct);
            await store.AddEventAsync(kind + "_expired", key, e.Message, ct);
            throw;
        }
    }

    public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) => agent.QueryAsync(canister, method, arg, ct);
}
