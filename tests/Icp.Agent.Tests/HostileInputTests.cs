using System.Net;
using Icp.Agent.Certification;
using Icp.Agent.Requests;
using Icp.Agent.Tests.Http;
using Icp.Candid;
using Icp.Testing;

namespace Icp.Agent.Tests;

/// <summary>
/// Hostile nesting given to the agent's readers (issue 8): every family from <see cref="HostileCbor"/> is refused with
/// the reader's documented exception, on a thread-pool thread with its default stack, never by a crash. Real
/// hash trees as deep as <see cref="HashTree.MaxDepth"/> still decode.
/// </summary>
public class HostileInputTests
{
    private static Task OnThreadPool(Action action) => Task.Run(action);

    private static byte[] CertificateWith(byte[] tree) =>
        [0xd9, 0xd9, 0xf7, 0xa2, .. HostileCbor.Text("tree"), .. tree, .. HostileCbor.Text("signature"), .. HostileCbor.Bytes(new byte[48])];

    [Fact]
    public Task Envelopes_with_hostile_nesting_are_a_FormatException() => OnThreadPool(() =>
    {
        var count = 0;
        foreach (var (name, body) in HostileCbor.RequestBodies())
        {
            var e = Assert.Throws<FormatException>(() => Envelope.Decode(body));
            Assert.False(string.IsNullOrEmpty(e.Message), name);
            count++;
        }
        Assert.True(count > 200);
    });

    [Fact]
    public Task The_reproducer_names_the_depth_limit() => OnThreadPool(() =>
    {
        var e = Assert.Throws<FormatException>(() => Envelope.Decode(HostileCbor.Reproducer));
        Assert.Equal($"CBOR nests deeper than {CborValues.MaxDepth} levels", e.Message);
    });

    [Fact]
    public Task Responses_with_hostile_nesting_are_a_FormatException() => OnThreadPool(() =>
    {
        foreach (var (name, value) in HostileCbor.Values())
        {
            byte[] body = [0xd9, 0xd9, 0xf7, 0xa2, .. HostileCbor.Text("status"), .. HostileCbor.Text("replied"), .. HostileCbor.Text("reply"), .. value];
            Assert.Throws<FormatException>(() => QueryResponse.Decode(body));
            Assert.Throws<FormatException>(() => CallResponse.Decode(body));
            byte[] certificate = [0xa1, .. HostileCbor.Text("certificate"), .. value];
            Assert.Throws<FormatException>(() => ReadStateResponse.Decode(certificate));
            Assert.Throws<FormatException>(() => IcpStatus.Decode(certificate));
        }
    });

    [Fact]
    public Task Certificates_and_trees_with_hostile_nesting_are_refused() => OnThreadPool(() =>
    {
        foreach (var (name, value) in HostileCbor.Values())
        {
            if (name.StartsWith("forks x", StringComparison.Ordinal) && int.Parse(name[7..]) < HashTree.MaxDepth) continue; // a valid tree
            var e = Assert.Throws<CertificateVerificationException>(() => Certificate.Decode(CertificateWith(value)));
            Assert.Equal(CertificateVerificationError.Malformed, e.Reason);
            Assert.Throws<HashTreeException>(() => HashTreeCbor.Decode(value));
        }
        foreach (var depth in HostileCbor.Depths)
        {
            Assert.Throws<HashTreeException>(() => HashTreeCbor.Decode(HostileCbor.NestedLabels(depth + HashTree.MaxDepth)));
            // Unknown certificate fields are skipped (up to 64 levels deep), and their nesting is bounded too.
            byte[] Extra(int d) => [0xa3, .. HostileCbor.Text("tree"), 0x81, 0x00, .. HostileCbor.Text("signature"), 0x40, .. HostileCbor.Text("extra"), .. HostileCbor.NestedArrays(d)];
            if (depth < 64) Assert.NotNull(Certificate.Decode(Extra(depth)));
            Assert.Throws<CertificateVerificationException>(() => Certificate.Decode(Extra(depth + 64)));
        }
    });

    [Fact]
    public Task Canister_ranges_with_hostile_nesting_or_lying_lengths_are_a_FormatException() => OnThreadPool(() =>
    {
        foreach (var (name, value) in HostileCbor.Values())
        {
            Assert.Throws<FormatException>(() => CanisterRanges.Decode(value));
            Assert.Throws<FormatException>(() => CanisterRanges.Decode(new byte[] { 0x81 }.Concat(value).ToArray()));
        }
    });

    [Fact]
    public Task A_tree_exactly_as_deep_as_the_limit_decodes_and_one_level_more_does_not() => OnThreadPool(() =>
    {
        // NestedForks(n) is n forks above an Empty leaf: n + 1 nodes from root to leaf.
        var deepest = HashTreeCbor.Decode(HostileCbor.NestedForks(HashTree.MaxDepth - 1));
        Assert.Equal(HashTree.MaxDepth, deepest.Depth);
        Assert.Equal(32, Certificate.Decode(CertificateWith(HostileCbor.NestedForks(HashTree.MaxDepth - 1))).RootHash.Length);
        Assert.Equal(HashTree.MaxDepth, HashTreeCbor.Decode(HostileCbor.NestedLabels(HashTree.MaxDepth - 1)).Depth);
        var e = Assert.Throws<HashTreeException>(() => HashTreeCbor.Decode(HostileCbor.NestedForks(HashTree.MaxDepth)));
        Assert.Contains($"deeper than {HashTree.MaxDepth}", e.Message);
    });

    [Fact]
    public async Task The_agent_refuses_a_read_state_answer_with_a_hostile_certificate_or_body()
    {
        var t = new TestAgents();
        var deepTree = CertificateWith(HostileCbor.NestedForks(50_000));
        t.Replica.Intercept = r => r.Path.EndsWith("/read_state", StringComparison.Ordinal)
            ? Cbor([0xd9, 0xd9, 0xf7, 0xa1, .. HostileCbor.Text("certificate"), .. HostileCbor.Bytes(deepTree)])
            : null;
        var e = await Task.Run(() => Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.ReadStateAsync(FakeReplica.Canister, [HashTree.Path("time")])));
        Assert.Equal(CertificateVerificationError.Malformed, e.Reason);

        t.Replica.Intercept = r => r.Path.EndsWith("/read_state", StringComparison.Ordinal) ? Cbor(HostileCbor.Reproducer) : null;
        var malformed = await Task.Run(() => Assert.ThrowsAsync<IcpAgentException>(() => t.Agent.ReadStateAsync(FakeReplica.Canister, [HashTree.Path("time")])));
        Assert.Contains("nests deeper", malformed.Message);

        t.Replica.Intercept = null;
        Assert.True((await t.Agent.ReadStateAsync(FakeReplica.Canister, [HashTree.Path("time")])).TimeNanoseconds > 0);
    }

    private static HttpResponseMessage Cbor(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cbor");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
