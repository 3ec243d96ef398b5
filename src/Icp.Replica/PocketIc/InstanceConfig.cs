using System.Text.Json;

namespace Icp.Replica.PocketIc;

/// <summary>
/// What <c>POST /instances</c> asks for (PocketIC's InstanceConfig): the subnets, the initial time or auto progress,
/// and options. This server runs one subnet per instance; configurations it cannot honour are refused with a
/// message that says why, never silently changed.
/// </summary>
internal sealed class InstanceConfig
{
    private static readonly (string Field, string Kind)[] NamedSubnets =
        [("nns", "NNS"), ("sns", "SNS"), ("ii", "II"), ("fiduciary", "Fiduciary"), ("bitcoin", "Bitcoin")];
    private static readonly (string Field, string Kind)[] SubnetLists =
        [("system", "System"), ("application", "Application"), ("verified_application", "VerifiedApplication"), ("cloud_engine", "CloudEngine")];

    /// <summary>The one subnet.</summary>
    public required PocketIcSubnet Subnet { get; init; }

    /// <summary>The initial time in nanoseconds since the epoch; null: the current time.</summary>
    public ulong? InitialTimeNanos { get; init; }

    /// <summary>Start with auto progress, with this artificial delay between rounds (milliseconds).</summary>
    public ulong? AutoProgressDelayMs { get; init; }

    /// <summary>Parses and checks a create-instance request.</summary>
    /// <exception cref="PocketIcException">The configuration is malformed or asks for what this server does not serve.</exception>
    public static InstanceConfig Parse(JsonElement body)
    {
        var set = PocketIcJson.Property(body, "subnet_config_set");
        var subnets = new List<(string Kind, JsonElement Spec)>();
        foreach (var (field, kind) in NamedSubnets)
            if (PocketIcJson.OptionalProperty(set, field) is { } spec) subnets.Add((kind, spec));
        foreach (var (field, kind) in SubnetLists)
        {
            if (PocketIcJson.OptionalProperty(set, field) is not { } list) continue;
            if (list.ValueKind != JsonValueKind.Array) throw PocketIcException.BadRequest($"Field `{field}` of `subnet_config_set` must be a list of subnet specs.");
            foreach (var spec in list.EnumerateArray()) subnets.Add((kind, spec));
        }
        if (subnets.Count == 0) throw PocketIcException.BadRequest("ExtendedSubnetConfigSet must contain at least one subnet");
        if (subnets.Count > 1)
            throw PocketIcException.BadRequest($"Icp.Replica's PocketIC server runs one subnet per instance; this configuration asks for {subnets.Count} ({string.Join(", ", subnets.Select(s => s.Kind))}).");
        var (subnetKind, subnetSpec) = subnets[0];
        if (subnetKind == "CloudEngine") throw PocketIcException.BadRequest("Icp.Replica's PocketIC server does not serve cloud engine subnets.");
        CheckStateConfig(subnetSpec);
        bool benchmarking = PocketIcJson.OptionalProperty(subnetSpec, "instruction_config") is { ValueKind: JsonValueKind.String } ic && ic.GetString() == "Benchmarking";

        foreach (string unsupported in new[] { "state_dir", "http_gateway_config", "bitcoind_addr", "dogecoind_addr" })
            if (PocketIcJson.OptionalProperty(body, unsupported) is not null)
                throw PocketIcException.BadRequest($"Icp.Replica's PocketIC server does not serve `{unsupported}` in instance configurations.");
        if (PocketIcJson.OptionalProperty(body, "icp_features") is { ValueKind: JsonValueKind.Object } features
            && features.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind != JsonValueKind.Null) is { Name: not null } feature)
            throw PocketIcException.BadRequest($"Icp.Replica's PocketIC server does not deploy system canisters (ICP feature `{feature.Name}`).");

        ulong? time = null, delay = null;
        if (PocketIcJson.OptionalProperty(body, "initial_time") is { } initial)
        {
            if (PocketIcJson.OptionalProperty(initial, "Timestamp") is { } timestamp) time = PocketIcJson.UInt64(timestamp, "nanos_since_epoch");
            else if (PocketIcJson.OptionalProperty(initial, "AutoProgress") is { } auto)
                delay = PocketIcJson.OptionalProperty(auto, "artificial_delay_ms") is { } d && d.TryGetUInt64(out ulong ms) ? ms : 0;
            else throw PocketIcException.BadRequest("Field `initial_time` must be {\"Timestamp\": ...} or {\"AutoProgress\": ...}.");
        }
        return new InstanceConfig { Subnet = PocketIcSubnet.Create(subnetKind, benchmarking), InitialTimeNanos = time, AutoProgressDelayMs = delay };
    }

    private static void CheckStateConfig(JsonElement spec)
    {
        if (PocketIcJson.OptionalProperty(spec, "state_config") is not { } state) return;
        if (state.ValueKind == JsonValueKind.String && state.GetString() == "New") return;
        throw PocketIcException.BadRequest($"Icp.Replica's PocketIC server creates subnets only with `\"state_config\": \"New\"` (loading state is not served); got {state.GetRawText()}.");
    }
}
