using System.Formats.Cbor;
using System.Net.Http.Headers;
using System.Text.Json;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;

namespace Icp.Replica.PocketIc.Tests;

/// <summary>PocketIC's REST API over HTTP/JSON, for what the PicJS suite does not reach: error shapes, the blob store, the instance list, and an agent on an instance's IC HTTP interface.</summary>
public sealed class RestApiTests(PocketIcServerProcess server) : IClassFixture<PocketIcServerProcess>
{
    [Theory]
    [InlineData("GET", "/instances/{id}/read/get_canister_http")]
    [InlineData("POST", "/instances/{id}/update/mock_canister_http")]
    [InlineData("GET", "/instances/{id}/_/dashboard")]
    [InlineData("GET", "/read_graph/abc/def")]
    [InlineData("DELETE", "/instances/{id}/update/tick")]
    public async Task Endpoints_not_served_answer_with_PocketIcs_error_shape(string method, string path)
    {
        int id = await server.CreateInstanceAsync();
        string resolved = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var (status, body) = await server.SendAsync(new HttpMethod(method), resolved, method == "POST" ? new { } : null);
        Assert.InRange(status, 400, 499);
        Assert.Equal($"Icp.Replica's PocketIC server does not serve {method} {resolved}.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Operations_on_a_deleted_or_unknown_instance_fail_with_a_message()
    {
        int id = await server.CreateInstanceAsync();
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Delete, $"/instances/{id}")).Status);
        var (status, body) = await server.SendAsync(HttpMethod.Get, $"/instances/{id}/read/get_time");
        Assert.Equal(404, status);
        Assert.Equal($"Instance {id} was deleted", body.GetProperty("message").GetString());
        var (_, list) = await server.SendAsync(HttpMethod.Get, "/instances");
        Assert.Equal("Deleted", list[id].GetString());
        Assert.Equal("Instance not found: 999999", (await server.SendAsync(HttpMethod.Get, "/instances/999999/read/get_time")).Body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_configuration_with_two_subnets_is_refused_with_CreateInstanceResponse_Error()
    {
        var (status, body) = await server.SendAsync(HttpMethod.Post, "/instances", new
        {
            subnet_config_set = new { nns = new { state_config = "New", instruction_config = "Production" }, application = new[] { new { state_config = "New", instruction_config = "Production" } } },
        });
        Assert.Equal(400, status);
        Assert.Equal("Icp.Replica's PocketIC server runs one subnet per instance; this configuration asks for 2 (NNS, Application).",
            body.GetProperty("Error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bad_request_bodies_are_400_with_a_message()
    {
        int id = await server.CreateInstanceAsync();
        var (status, body) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/update/set_time", new { nanos = 1 });
        Assert.Equal(400, status);
        Assert.Equal("Missing field `nanos_since_epoch` in the request body.", body.GetProperty("message").GetString());
        (status, body) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/read/get_cycles", new { canister_id = "not base64!" });
        Assert.Equal(400, status);
        Assert.Equal("Field `canister_id` is not valid base64.", body.GetProperty("message").GetString());
        (status, body) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/read/get_cycles", new { canister_id = Convert.ToBase64String(Principal.Parse("lxzze-o7777-77777-aaaaa-cai").ToArray()) });
        Assert.Equal(400, status);
        Assert.Equal("CanisterNotFound(lxzze-o7777-77777-aaaaa-cai)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_blob_store_returns_what_was_uploaded_under_its_SHA256()
    {
        byte[] blob = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];
        using var content = new ByteArrayContent(blob);
        using var upload = await server.Http.PostAsync(new Uri(server.Url, "blobstore"), content);
        string id = await upload.Content.ReadAsStringAsync();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blob)), id);
        Assert.Equal(blob, await server.Http.GetByteArrayAsync(new Uri(server.Url, $"blobstore/{id}")));
        using var missing = await server.Http.GetAsync(new Uri(server.Url, $"blobstore/{new string('0', 64)}"));
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task An_agent_talks_to_an_instance_through_its_IC_HTTP_interface()
    {
        int id = await server.CreateInstanceAsync();
        string prefix = $"/instances/{id}";

        using var status = await server.Http.GetAsync(new Uri(server.Url, $"instances/{id}/api/v2/status"));
        Assert.Equal("application/cbor", status.Content.Headers.ContentType?.MediaType);
        byte[] rootKey = RootKey(await status.Content.ReadAsByteArrayAsync());
        var (_, topology) = await server.SendAsync(HttpMethod.Get, $"{prefix}/_/topology");
        string subnet = topology.GetProperty("subnet_configs").EnumerateObject().Single().Name;
        var (_, pubKey) = await server.SendAsync(HttpMethod.Post, $"{prefix}/read/pub_key", new { subnet_id = Convert.ToBase64String(Principal.Parse(subnet).ToArray()) });
        Assert.Equal(rootKey, pubKey.EnumerateArray().Select(b => b.GetByte()).ToArray());

        var identity = Ed25519Identity.Generate();
        var agent = new IcpAgent(new HttpClient(new PrefixHandler(prefix)), new IcpAgentOptions
        {
            Url = server.Url,
            Identity = identity,
            IsLocalNetwork = true,
            MaxRetries = 0,
        }, Bls12381Verifier.Shared);
        var effective = Principal.FromBytes(Convert.FromBase64String(topology.GetProperty("default_effective_canister_id").GetProperty("canister_id").GetString()!));
        byte[] reply = await agent.CallAsync(Principal.ManagementCanister, effective, "provisional_create_canister_with_cycles", "DIDL\x01\x6c\x00\x01\x00"u8.ToArray());
        var created = CandidSerializer.Deserialize<CreatedCanister>(reply).CanisterId;
        Assert.Equal("lxzze-o7777-77777-aaaaa-cai", created.ToString());

        var (_, controllers) = await server.SendAsync(HttpMethod.Post, $"{prefix}/read/get_controllers", new { canister_id = Convert.ToBase64String(created.ToArray()) });
        Assert.Equal(Convert.ToBase64String(identity.Sender.ToArray()), controllers.EnumerateArray().Single().GetProperty("principal_id").GetString());
    }

    [Fact]
    public async Task A_submitted_message_runs_when_awaited_and_its_status_is_for_its_sender_only()
    {
        int id = await server.CreateInstanceAsync();
        string anonymous = Convert.ToBase64String(Principal.Anonymous.ToArray());
        var call = new
        {
            sender = anonymous,
            canister_id = Convert.ToBase64String(Principal.ManagementCanister.ToArray()),
            method = "provisional_create_canister_with_cycles",
            payload = Convert.ToBase64String("DIDL\x01\x6c\x00\x01\x00"u8.ToArray()),
            effective_principal = "None",
        };
        var (status, submitted) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/update/submit_ingress_message", call);
        Assert.Equal(200, status);
        var messageId = submitted.GetProperty("Ok");
        Assert.Equal("None", messageId.GetProperty("effective_principal").GetString());
        var statusRequest = new { raw_message_id = messageId, raw_caller = new { principal_id = anonymous } };
        Assert.Equal(JsonValueKind.Null, (await server.SendAsync(HttpMethod.Post, $"/instances/{id}/read/ingress_status", statusRequest)).Body.ValueKind);

        var (_, awaited) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/update/await_ingress_message", messageId);
        var created = CandidSerializer.Deserialize<CreatedCanister>(Convert.FromBase64String(awaited.GetProperty("Ok").GetString()!)).CanisterId;
        Assert.Equal("lxzze-o7777-77777-aaaaa-cai", created.ToString());
        var (_, done) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/read/ingress_status", statusRequest);
        Assert.Equal(awaited.GetProperty("Ok").GetString(), done.GetProperty("Ok").GetString());

        var other = Ed25519Identity.Generate().Sender;
        var (forbidden, message) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/read/ingress_status",
            new { raw_message_id = messageId, raw_caller = new { principal_id = Convert.ToBase64String(other.ToArray()) } });
        Assert.Equal(400, forbidden);
        Assert.StartsWith("Forbidden: ", message.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_the_ingress_filter_refuses_is_an_Err_at_submission()
    {
        int id = await server.CreateInstanceAsync();
        var (status, body) = await server.SendAsync(HttpMethod.Post, $"/instances/{id}/update/submit_ingress_message", new
        {
            sender = Convert.ToBase64String(Principal.Anonymous.ToArray()),
            canister_id = Convert.ToBase64String(Principal.Parse("lxzze-o7777-77777-aaaaa-cai").ToArray()),
            method = "inc",
            payload = Convert.ToBase64String("DIDL\x00\x00"u8.ToArray()),
            effective_principal = "None",
        });
        Assert.Equal(200, status);
        var reject = body.GetProperty("Err");
        Assert.Equal("DestinationInvalid", reject.GetProperty("reject_code").GetString());
        Assert.Equal("CanisterNotFound", reject.GetProperty("error_code").GetString());
        Assert.False(reject.GetProperty("certified").GetBoolean());
    }

    [Fact]
    public async Task Auto_progress_moves_the_clock_until_stopped()
    {
        var (_, created) = await server.SendAsync(HttpMethod.Post, "/instances", new
        {
            subnet_config_set = new { application = new[] { new { state_config = "New", instruction_config = "Production" } } },
            initial_time = new { Timestamp = new { nanos_since_epoch = 1_700_000_000_000_000_000UL } },
        });
        int id = created.GetProperty("Created").GetProperty("instance_id").GetInt32();
        Assert.Equal(1_700_000_000_000_000_000UL, (await server.SendAsync(HttpMethod.Get, $"/instances/{id}/read/get_time")).Body.GetProperty("nanos_since_epoch").GetUInt64());
        Assert.False((await server.SendAsync(HttpMethod.Get, $"/instances/{id}/auto_progress")).Body.GetBoolean());
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Post, $"/instances/{id}/auto_progress", new { artificial_delay_ms = 0 })).Status);
        Assert.True((await server.SendAsync(HttpMethod.Get, $"/instances/{id}/auto_progress")).Body.GetBoolean());
        ulong live = 0;
        for (int i = 0; i < 100 && live < 1_800_000_000_000_000_000UL; i++, await Task.Delay(50))
            live = (await server.SendAsync(HttpMethod.Get, $"/instances/{id}/read/get_time")).Body.GetProperty("nanos_since_epoch").GetUInt64();
        Assert.InRange(live, (ulong)(DateTimeOffset.UtcNow.AddMinutes(-1) - DateTimeOffset.UnixEpoch).Ticks * 100, ulong.MaxValue);
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Post, $"/instances/{id}/stop_progress")).Status);
        Assert.False((await server.SendAsync(HttpMethod.Get, $"/instances/{id}/auto_progress")).Body.GetBoolean());
        ulong stopped = (await server.SendAsync(HttpMethod.Get, $"/instances/{id}/read/get_time")).Body.GetProperty("nanos_since_epoch").GetUInt64();
        await Task.Delay(300);
        Assert.Equal(stopped, (await server.SendAsync(HttpMethod.Get, $"/instances/{id}/read/get_time")).Body.GetProperty("nanos_since_epoch").GetUInt64());
    }

    private static byte[] RootKey(byte[] cbor)
    {
        var reader = new CborReader(cbor);
        if (reader.PeekTag() == CborTag.SelfDescribeCbor) reader.ReadTag();
        int? count = reader.ReadStartMap();
        for (int i = 0; count is null || i < count; i++)
        {
            if (reader.PeekState() == CborReaderState.EndMap) break;
            string key = reader.ReadTextString();
            if (key == "root_key") return reader.ReadByteString();
            reader.SkipValue();
        }
        throw new InvalidDataException("no root_key in the status");
    }

    /// <summary>Sends the agent's <c>/api/...</c> requests to <c>/instances/{id}/api/...</c>, where PocketIC serves an instance's interface.</summary>
    private sealed class PrefixHandler(string prefix) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            request.RequestUri = new UriBuilder(uri) { Path = prefix + uri.AbsolutePath }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CreatedCanister
    {
        [CandidName("canister_id")]
        public Principal CanisterId { get; init; } = null!;
    }
}
