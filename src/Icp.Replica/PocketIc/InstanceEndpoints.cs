using System.Text.Json;
using Icp.Candid;
using Icp.Replica.State;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.PocketIc;

/// <summary>
/// The REST operations on one instance (<c>/instances/{id}/read/...</c>, <c>/update/...</c>, <c>/_/topology</c>,
/// auto progress), with PocketIC's request and answer shapes.
/// </summary>
internal sealed class InstanceEndpoints(BlobStore blobs)
{
    public async Task TopologyAsync(HttpContext context, PocketIcInstance instance) =>
        await PocketIcJson.WriteAsync(context, 200, w => WriteTopology(w, instance)).ConfigureAwait(false);

    /// <summary>PocketIC's Topology: subnets by id (text) with kind, seed, instruction config, ranges; the default effective canister id.</summary>
    public static void WriteTopology(Utf8JsonWriter w, PocketIcInstance instance)
    {
        var subnet = instance.Subnet;
        w.WriteStartObject();
        w.WriteStartObject("subnet_configs");
        w.WriteStartObject(instance.Replica.SubnetId.ToString());
        w.WriteString("subnet_kind", subnet.Kind);
        w.WritePropertyName("subnet_seed");
        PocketIcJson.WriteByteArray(w, PocketIcSubnet.Seed(instance.Replica.SubnetId));
        w.WriteString("instruction_config", subnet.InstructionConfig);
        w.WriteNumber("size", subnet.Size);
        w.WriteStartArray("canister_ranges");
        foreach (var range in subnet.Ranges)
        {
            w.WriteStartObject();
            w.WritePropertyName("start");
            PocketIcJson.WriteBase64Object(w, "canister_id", range.Start.Bytes);
            w.WritePropertyName("end");
            PocketIcJson.WriteBase64Object(w, "canister_id", range.End.Bytes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WritePropertyName("default_effective_canister_id");
        PocketIcJson.WriteBase64Object(w, "canister_id", subnet.AllocationRange.Start.Bytes);
        w.WriteEndObject();
    }

    public async Task GetTimeAsync(HttpContext context, PocketIcInstance instance)
    {
        ulong nanos = await instance.RunAsync(core => core.TimeNanos, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("nanos_since_epoch", nanos);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task SetTimeAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        await instance.SetTimeAsync(PocketIcJson.UInt64(body, "nanos_since_epoch"), context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    public async Task TickAsync(HttpContext context, PocketIcInstance instance)
    {
        await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false); // TickConfigs: blockmakers do not matter here
        await instance.RunAsync(core => { core.Tick(); return 0; }, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    public async Task SubmitAsync(HttpContext context, PocketIcInstance instance)
    {
        var call = CanisterCall.Parse(await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false));
        instance.CheckEffectivePrincipal(call.Effective);
        var (messageId, refusal) = await instance.SubmitAsync(call, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            if (refusal is not null)
            {
                w.WritePropertyName("Err");
                PocketIcRejects.WriteReject(w, refusal, certified: false);
            }
            else
            {
                w.WriteStartObject("Ok");
                w.WritePropertyName("effective_principal");
                call.Effective.Write(w);
                w.WriteBase64String("message_id", messageId);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task AwaitAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var response = await instance.AwaitAsync(PocketIcJson.Base64(body, "message_id"), context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w => PocketIcRejects.WriteResult(w, response, certified: true)).ConfigureAwait(false);
    }

    /// <summary>Submit and await in one (the pocket-ic crate's execute_ingress_message).</summary>
    public async Task ExecuteAsync(HttpContext context, PocketIcInstance instance)
    {
        var call = CanisterCall.Parse(await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false));
        instance.CheckEffectivePrincipal(call.Effective);
        var (messageId, refusal) = await instance.SubmitAsync(call, context.RequestAborted).ConfigureAwait(false);
        var response = refusal ?? await instance.AwaitAsync(messageId!, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w => PocketIcRejects.WriteResult(w, response, certified: refusal is null)).ConfigureAwait(false);
    }

    public async Task IngressStatusAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        byte[] messageId = PocketIcJson.Base64(PocketIcJson.Property(body, "raw_message_id"), "message_id");
        Principal? caller = PocketIcJson.OptionalProperty(body, "raw_caller") is { } raw ? PocketIcJson.PrincipalProperty(raw, "principal_id") : null;
        var response = await instance.IngressStatusAsync(messageId, caller, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w =>
        {
            if (response is null) w.WriteNullValue();
            else PocketIcRejects.WriteResult(w, response, certified: true);
        }).ConfigureAwait(false);
    }

    public async Task QueryAsync(HttpContext context, PocketIcInstance instance)
    {
        var call = CanisterCall.Parse(await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false));
        instance.CheckEffectivePrincipal(call.Effective);
        var response = await instance.RunAsync(core => core.Query(call.Sender, call.CanisterId, call.Method, call.Payload), context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w => PocketIcRejects.WriteResult(w, response, certified: false)).ConfigureAwait(false);
    }

    public async Task GetCyclesAsync(HttpContext context, PocketIcInstance instance)
    {
        var id = await ReadCanisterIdAsync(context).ConfigureAwait(false);
        var cycles = await instance.RunAsync(core => PocketIcInstance.Require(core, id).Cycles, context.RequestAborted).ConfigureAwait(false);
        await WriteCyclesAsync(context, cycles).ConfigureAwait(false);
    }

    /// <summary>Adds cycles to the balance (saturating at 2^128 - 1); answers the new balance.</summary>
    public async Task AddCyclesAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var id = PocketIcJson.PrincipalProperty(body, "canister_id");
        var amount = PocketIcJson.UInt128Property(body, "amount");
        var cycles = await instance.RunAsync(core =>
        {
            var canister = PocketIcInstance.Require(core, id);
            canister.Cycles = amount > UInt128.MaxValue - canister.Cycles ? UInt128.MaxValue : canister.Cycles + amount;
            return canister.Cycles;
        }, context.RequestAborted).ConfigureAwait(false);
        await WriteCyclesAsync(context, cycles).ConfigureAwait(false);
    }

    private static Task WriteCyclesAsync(HttpContext context, UInt128 cycles) => PocketIcJson.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        PocketIcJson.WriteUInt128(w, "cycles", cycles);
        w.WriteEndObject();
    });

    public async Task GetStableMemoryAsync(HttpContext context, PocketIcInstance instance)
    {
        var id = await ReadCanisterIdAsync(context).ConfigureAwait(false);
        byte[] memory = await instance.RunAsync(core =>
        {
            var stable = PocketIcInstance.Require(core, id).StableMemory;
            if (stable.Length > Array.MaxLength) throw PocketIcException.BadRequest($"The stable memory of {id} ({stable.Length} bytes) is too large to return.");
            var bytes = new byte[stable.Length];
            stable.TryRead(0, bytes);
            return bytes;
        }, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w => PocketIcJson.WriteBase64Object(w, "blob", memory)).ConfigureAwait(false);
    }

    /// <summary>Replaces stable memory with a blob's content, grown to whole pages (as PocketIC does).</summary>
    public async Task SetStableMemoryAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var id = PocketIcJson.PrincipalProperty(body, "canister_id");
        byte[] content = blobs.GetContent(PocketIcJson.Base64(body, "blob_id"));
        await instance.RunAsync(core =>
        {
            var stable = PocketIcInstance.Require(core, id).StableMemory;
            stable.Clear();
            if (stable.Grow((content.Length + StableMemory.PageSize - 1) / StableMemory.PageSize) < 0)
                throw PocketIcException.BadRequest($"{content.Length} bytes do not fit in stable memory.");
            stable.TryWrite(0, content);
            return 0;
        }, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    public async Task GetControllersAsync(HttpContext context, PocketIcInstance instance)
    {
        var id = await ReadCanisterIdAsync(context).ConfigureAwait(false);
        var controllers = await instance.RunAsync(core => PocketIcInstance.Require(core, id).Controllers.ToList(), context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var controller in controllers) PocketIcJson.WriteBase64Object(w, "principal_id", controller.Bytes);
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    /// <summary>The subnet of a canister id: this instance's when the id is routed to it or the canister exists; else null.</summary>
    public async Task GetSubnetAsync(HttpContext context, PocketIcInstance instance)
    {
        var id = await ReadCanisterIdAsync(context).ConfigureAwait(false);
        bool ours = instance.Subnet.Routes(id) || await instance.RunAsync(core => core.Find(id) is not null, context.RequestAborted).ConfigureAwait(false);
        await PocketIcJson.WriteAsync(context, 200, w =>
        {
            if (ours) PocketIcJson.WriteBase64Object(w, "subnet_id", instance.Replica.SubnetId.Bytes);
            else w.WriteNullValue();
        }).ConfigureAwait(false);
    }

    /// <summary>The subnet's DER public key (the root key: the one subnet signs its own certificates), as a byte list.</summary>
    public async Task PubKeyAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var subnet = PocketIcJson.PrincipalProperty(body, "subnet_id");
        if (subnet != instance.Replica.SubnetId) throw PocketIcException.BadRequest($"SubnetNotFound({subnet})");
        await PocketIcJson.WriteAsync(context, 200, w => PocketIcJson.WriteByteArray(w, instance.Replica.RootKeyDer)).ConfigureAwait(false);
    }

    public async Task StartAutoProgressAsync(HttpContext context, PocketIcInstance instance)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        ulong delay = PocketIcJson.OptionalProperty(body, "artificial_delay_ms") is { } d && d.TryGetUInt64(out ulong ms) ? ms : 0;
        instance.StartAutoProgress(delay);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    public static Task AutoProgressEnabledAsync(HttpContext context, PocketIcInstance instance) =>
        PocketIcJson.WriteAsync(context, 200, w => w.WriteBooleanValue(instance.AutoProgress));

    public static async Task StopAutoProgressAsync(HttpContext context, PocketIcInstance instance)
    {
        await instance.StopAutoProgressAsync().ConfigureAwait(false);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    private static async Task<Principal> ReadCanisterIdAsync(HttpContext context)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        return PocketIcJson.PrincipalProperty(body, "canister_id");
    }
}
