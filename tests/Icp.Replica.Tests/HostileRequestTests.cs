using System.Net;
using System.Net.Sockets;
using System.Text;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Replica.Http;
using Icp.Replica.Management;
using Icp.Testing;

namespace Icp.Replica.Tests;

/// <summary>
/// Hostile request bodies over HTTP (issue 8): nesting that used to overflow the stack and kill the process,
/// lying lengths, oversized and stalled bodies, long nonces. Every one is a 4xx, and the replica keeps serving.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private LocalReplica _ic = null!;
    private readonly Ed25519Identity _user = Ed25519Identity.Generate();

    public async Task InitializeAsync() =>
        _ic = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = 0, RequestBodyTimeout = TimeSpan.FromSeconds(1) });

    public async Task DisposeAsync() => await _ic.DisposeAsync();

    public static TheoryData<string> Endpoints()
    {
        var subnet = "{subnet}";
        return new TheoryData<string>(
            "/api/v2/canister/aaaaa-aa/read_state", "/api/v3/canister/aaaaa-aa/read_state",
            $"/api/v2/subnet/{subnet}/read_state", $"/api/v3/subnet/{subnet}/read_state",
            "/api/v2/canister/aaaaa-aa/call", "/api/v3/canister/aaaaa-aa/call", "/api/v4/canister/aaaaa-aa/call",
            "/api/v2/canister/aaaaa-aa/query", "/api/v3/canister/aaaaa-aa/query");
    }

    private string Resolve(string endpoint) => endpoint.Replace("{subnet}", _ic.SubnetId.ToString(), StringComparison.Ordinal);

    [Fact]
    public async Task The_issue_reproducer_is_400_and_the_replica_keeps_serving()
    {
        Assert.Equal(50_004, HostileCbor.Reproducer.Length);
        var (status, _, text) = await HttpReplica.PostAsync(_ic, "/api/v2/canister/aaaaa-aa/read_state", HostileCbor.Reproducer);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("nests deeper than 32 levels", text);
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_hostile_body_family_is_400_on_every_endpoint(string endpoint)
    {
        using var client = new HttpClient();
        var url = new Uri(_ic.Url!, Resolve(endpoint).TrimStart('/'));
        var failures = new List<string>();
        var count = 0;
        foreach (var (name, body) in HostileCbor.RequestBodies())
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cbor");
            using var response = await client.PostAsync(url, content);
            var text = await response.Content.ReadAsStringAsync();
            count++;
            if (response.StatusCode != HttpStatusCode.BadRequest || !text.StartsWith("Failed to deserialize cbor request", StringComparison.Ordinal))
                failures.Add($"{name}: {(int)response.StatusCode} {text}");
        }
        Assert.True(count > 200, $"only {count} bodies");
        Assert.Empty(failures);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_body_over_2_MiB_is_413_whatever_it_holds()
    {
        var garbage = Enumerable.Repeat((byte)0xff, EnvelopeReader.MaxRequestBytes + 1).ToArray();
        var (declared, _, text) = await HttpReplica.PostAsync(_ic, "/api/v3/canister/aaaaa-aa/call", garbage);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared);
        Assert.Contains("is too large", text);

        // Without a Content-Length the body is read up to the limit, never further.
        using var client = new HttpClient();
        using var chunked = new StreamContent(new MemoryStream(garbage));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cbor");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_ic.Url!, "api/v2/canister/aaaaa-aa/read_state")) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        // At the limit it is decoded, and garbage is a 400.
        var (atLimit, _, _) = await HttpReplica.PostAsync(_ic, "/api/v3/canister/aaaaa-aa/call", garbage[..EnvelopeReader.MaxRequestBytes]);
        Assert.Equal(HttpStatusCode.BadRequest, atLimit);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_stalled_body_is_408()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_ic.Url!.Host, _ic.Url.Port);
        using var stream = tcp.GetStream();
        var head = $"POST /api/v2/canister/aaaaa-aa/read_state HTTP/1.1\r\nHost: {_ic.Url.Authority}\r\nContent-Type: application/cbor\r\nContent-Length: 1000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[] { 0xd9, 0xd9, 0xf7, 0xa1 }); // and then nothing
        var answer = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 408", answer);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Broken_chunked_framing_is_400_not_500()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_ic.Url!.Host, _ic.Url.Port);
        using var stream = tcp.GetStream();
        var head = $"POST /api/v2/canister/aaaaa-aa/read_state HTTP/1.1\r\nHost: {_ic.Url.Authority}\r\nContent-Type: application/cbor\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 400", answer);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData(32, HttpStatusCode.OK)]
    [InlineData(33, HttpStatusCode.BadRequest)]
    [InlineData(1024, HttpStatusCode.BadRequest)]
    public async Task A_nonce_may_be_at_most_32_bytes(int length, HttpStatusCode expected)
    {
        var content = new ReadStateContent(_user.Sender, HttpReplica.Expiry(TimeSpan.FromMinutes(2)), new byte[length], [["time"u8.ToArray()]]);
        var (status, _, text) = await HttpReplica.PostAsync(_ic, $"/api/v3/subnet/{_ic.SubnetId}/read_state", Envelope.Sign(content, _user).ToCbor());
        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.BadRequest) Assert.Equal($"Invalid nonce: the nonce is {length} bytes long, but at most 32 are allowed", text);
    }

    [Fact]
    public async Task A_query_argument_is_decoded_before_the_lock_so_read_state_is_not_held_up()
    {
        var agent = HttpReplica.Agent(_ic, _user);
        var canister = await CreateCanisterAsync(agent);
        using var decoding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _ic.ArgumentDecoding = (_, method) =>
        {
            if (method != "canister_status") return;
            decoding.Set();
            release.Wait(TimeSpan.FromSeconds(60)); // stands for a huge or slow argument
        };
        var query = new QueryContent(_user.Sender, HttpReplica.Expiry(TimeSpan.FromMinutes(2)), null, Principal.ManagementCanister, "canister_status", ManagementArgs.Id(canister));
        var slowQuery = HttpReplica.PostAsync(_ic, $"/api/v3/canister/{canister}/query", Envelope.Sign(query, _user).ToCbor());
        Assert.True(decoding.Wait(TimeSpan.FromSeconds(30)), "the query's argument was never decoded");
        try
        {
            // While that argument is still being decoded, a read_state and a call go through.
            var time = await agent.ReadStateAsync(canister, [["time"u8.ToArray()]]).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(time.TimeNanoseconds > 0);
            Assert.NotEqual(canister, await CreateCanisterAsync(agent).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.False(slowQuery.IsCompleted);
        }
        finally
        {
            release.Set();
        }
        var (status, body, _) = await slowQuery;
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(QueryResponse.Decode(body).IsReplied);
    }

    [Fact]
    public async Task In_process_calls_decode_their_argument_before_the_lock()
    {
        var canister = await _ic.CreateCanisterAsync(_user.Sender);
        bool? lockFree = null;
        _ic.ArgumentDecoding = (_, method) =>
        {
            // Taking the lock from another thread succeeds only when this caller does not hold it.
            if (method == "canister_status") lockFree = Task.Run(() => _ic.CanisterExists(canister)).Wait(TimeSpan.FromSeconds(10));
        };
        await _ic.QueryCallAsync(Principal.ManagementCanister, "canister_status", ManagementArgs.Id(canister), _user.Sender);
        Assert.True(lockFree);
        lockFree = null;
        await _ic.UpdateCallAsync(Principal.ManagementCanister, "canister_status", ManagementArgs.Id(canister), _user.Sender);
        Assert.True(lockFree);
    }

    [Fact]
    public async Task Execution_uses_the_argument_decoded_ahead_and_its_decoding_error()
    {
        var canister = await _ic.CreateCanisterAsync(_user.Sender);
        var decoded = DecodedArgument.Decode(Principal.ManagementCanister, "canister_status", ManagementArgs.Id(canister));
        // The bytes given to the core are garbage: only the decoded value can make this succeed.
        var response = _ic.Core.Query(_user.Sender, Principal.ManagementCanister, "canister_status", [0xde, 0xad], decoded: decoded);
        Assert.True(response.IsReply, response.Message);

        var bad = DecodedArgument.Decode(Principal.ManagementCanister, "canister_status", "DIDL\x00\x01\x7f"u8.ToArray());
        var rejected = _ic.Core.Query(_user.Sender, Principal.ManagementCanister, "canister_status", ManagementArgs.Id(canister), decoded: bad);
        Assert.False(rejected.IsReply);
        Assert.StartsWith("Error decoding candid", rejected.Message);
        Assert.Null(DecodedArgument.Decode(canister, "canister_status", [1, 2, 3])); // a canister's own method: its Wasm decodes
    }

    private async Task<Principal> CreateCanisterAsync(Icp.Agent.IcpAgent agent)
    {
        var reply = await agent.CallAsync(Principal.ManagementCanister, _ic.SubnetId, "provisional_create_canister_with_cycles",
            ManagementArgs.Encode(new ProvisionalCreateCanisterArgs()));
        return ManagementArgs.Decode<CanisterIdRecord>(reply).CanisterId;
    }

    private async Task AssertStillServingAsync()
    {
        var agent = HttpReplica.Agent(_ic, _user);
        Assert.Equal("healthy", (await agent.StatusAsync()).ReplicaHealthStatus);
        var canister = await CreateCanisterAsync(agent);
        Assert.True(_ic.CanisterExists(canister));
        var certificate = await agent.ReadSubnetStateAsync(_ic.SubnetId, [["time"u8.ToArray()]]);
        Assert.True(certificate.TimeNanoseconds > 0);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return text.ToString();
    }
}
