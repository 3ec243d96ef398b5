using System.Security.Cryptography;
using System.Text;
using Icp.Agent.Certification;
using Icp.Replica.Certification;
using Icp.Replica.State;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>The incrementally kept <c>/request_status</c> level: same lookups and witnesses as a full rebuild.</summary>
public sealed class RequestStatusTreeTests
{
    private static byte[] Id(int i) => SHA256.HashData(BitConverter.GetBytes(i));

    private static HashTree Entry(int i, string value) => HashTree.Labeled(Id(i), HashTree.Leaf(Encoding.UTF8.GetBytes(value)));

    [Fact]
    public void Entries_list_in_label_order_and_each_looks_up_its_value()
    {
        var tree = new RequestStatusTree();
        var order = Enumerable.Range(0, 500).OrderBy(i => Id(i)[5]).ToList();
        foreach (int i in order) tree.Set(Id(i), Entry(i, $"v{i}"));
        Assert.Equal(500, tree.Count);

        var level = HashTree.Labeled("request_status", tree.Tree());
        foreach (int i in order) Assert.Equal($"v{i}", Encoding.UTF8.GetString(level.Lookup(HashTree.Path("request_status").Append(Id(i)).ToArray()).Value!));
        var listed = level.ListChildren(HashTree.Path("request_status"), out bool complete);
        Assert.True(complete);
        var expected = Enumerable.Range(0, 500).Select(Id).Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        Assert.Equal(expected.Select(Convert.ToHexString), listed.Select(c => Convert.ToHexString(c.Key)));
        Assert.Equal(LookupStatus.Absent, level.Lookup(HashTree.Path("request_status").Append(Id(1000)).ToArray()).Status);
    }

    [Fact]
    public void The_tree_depends_on_its_entries_not_on_the_order_of_changes()
    {
        var changed = new RequestStatusTree();
        for (int i = 0; i < 300; i++) changed.Set(Id(i), Entry(i, "received"));
        for (int i = 0; i < 300; i += 2) changed.Remove(Id(i));
        for (int i = 1; i < 300; i += 4) changed.Set(Id(i), Entry(i, "replied"));
        changed.Remove(Id(5000)); // absent: no change
        Assert.Equal(150, changed.Count);

        var fresh = new RequestStatusTree();
        for (int i = 299; i > 0; i--)
            if (i % 2 == 1) fresh.Set(Id(i), Entry(i, i % 4 == 1 ? "replied" : "received"));
        Assert.Equal(fresh.Tree().Digest(), changed.Tree().Digest());

        for (int i = 1; i < 300; i += 2) changed.Remove(Id(i));
        Assert.Equal(0, changed.Count);
        Assert.Same(HashTree.Empty, changed.Tree());
        Assert.Throws<ArgumentException>(() => changed.Set(new byte[31], HashTree.Empty));
    }

    [Fact]
    public async Task Statuses_kept_up_to_date_certify_the_same_root_as_a_fresh_build_and_prune_when_old()
    {
        await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start });
        var sender = CanisterIdAllocator.FromIndex(7);
        var receiver = CanisterIdAllocator.FromIndex(0);
        await ic.RunAsync(core =>
        {
            var builder = new StateTreeBuilder(ic.Certifier.Keys);
            string Key(int i) => Convert.ToHexStringLower(Id(i));
            ulong expiry = core.TimeNanos + 60_000_000_000;
            void AssertSameAsFresh()
            {
                byte[] kept = builder.Build(core).Digest(); // first: it takes the table's list of changes
                Assert.Equal(new StateTreeBuilder(ic.Certifier.Keys).Build(core).Digest(), kept);
            }

            for (int i = 0; i < 100; i++)
            {
                core.Requests.Register(Key(i), new IngressInfo(sender, receiver, i < 50 ? expiry : expiry * 2));
                core.Requests.Set(Key(i), new IngressStatus(RequestState.Received, null));
            }
            AssertSameAsFresh();
            for (int i = 0; i < 100; i += 3) core.Requests.Set(Key(i), new IngressStatus(RequestState.Replied, Response.Replied([1, 2, (byte)i])));
            core.Requests.Set(Key(1), new IngressStatus(RequestState.Rejected, Response.Rejected(Icp.Candid.RejectCode.CanisterError, "no")));
            core.Requests.Set("not-an-ingress-message", new IngressStatus(RequestState.Replied, Response.Replied([9])));
            AssertSameAsFresh();
            var tree = builder.Build(core);
            Assert.Equal([1, 2, 3], tree.Lookup([.. HashTree.Path("request_status"), Id(3), .. HashTree.Path("reply")]).Value!);
            Assert.Equal("rejected", Encoding.UTF8.GetString(tree.Lookup([.. HashTree.Path("request_status"), Id(1), .. HashTree.Path("status")]).Value!));

            // Past the first half's expiry and the retention: those statuses leave the tree, the rest stay.
            core.TimeNanos = expiry + StateTreeBuilder.StatusRetentionNanos + 1;
            tree = builder.Build(core);
            Assert.Equal(LookupStatus.Absent, tree.Lookup([.. HashTree.Path("request_status"), Id(0)]).Status);
            Assert.Equal(LookupStatus.Found, tree.Lookup([.. HashTree.Path("request_status"), Id(60), .. HashTree.Path("status")]).Status);
            Assert.Equal(50, core.Requests.Ingress.Count());
            AssertSameAsFresh();
            return 0;
        }, CancellationToken.None);
    }
}
