using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Icp.Agent.Hashing;
using Icp.Candid;

namespace Bridge.Core.Tests;

/// <summary>receipt_hash's allocation-free path against the general hash_of_map of the same fields, on the edges the vectors do not all reach.</summary>
public class ReceiptHashTests
{
    private static Receipt Base() => new()
    {
        NetworkId = "emc-main", ReceiptId = "r-1", TaskId = "t-1", Provider = Principal.SelfAuthenticating(new byte[44]),
        Requester = Principal.Parse("aaaaa-aa"), Workload = "llm", GpuModel = "H100", GpuSeconds = 0, StartedAtNs = 1, EndedAtNs = 2,
        FeeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai"), FeeAmount = 0, ResultHash = new byte[32], ProviderSignature = [],
    };

    public static TheoryData<string> Cases() => [.. Variants.Keys];

    private static readonly Dictionary<string, Receipt> Variants = new()
    {
        ["no optional fields, zero nats"] = Base(),
        ["subaccount and fee_block"] = Base() with { RequesterSubaccount = [.. Enumerable.Range(0, 32).Select(i => (byte)i)], FeeBlock = 0 },
        ["largest nats"] = Base() with { GpuSeconds = ulong.MaxValue, StartedAtNs = ulong.MaxValue, EndedAtNs = ulong.MaxValue, FeeAmount = UInt128.MaxValue, FeeBlock = ulong.MaxValue },
        ["nats at LEB128 byte boundaries"] = Base() with { GpuSeconds = 127, StartedAtNs = 128, EndedAtNs = 16_383, FeeAmount = (UInt128)1 << 64, FeeBlock = 16_384 },
        ["non-ASCII texts"] = Base() with { NetworkId = "réseau-π", Workload = "生成", GpuModel = "🚀" },
        ["texts longer than the stack buffer"] = Base() with { ReceiptId = new string('x', 600), TaskId = new string('é', 300), Workload = new string('w', 5_000) },
        ["empty texts"] = Base() with { NetworkId = "", ReceiptId = "", TaskId = "", Workload = "", GpuModel = "" },
        // SHA-256's own padding boundaries (55/56 bytes: one block or two; 64/65: one or two full blocks).
        ["texts around the short-value and padding boundaries"] = Base() with
        {
            NetworkId = new string('n', 55), ReceiptId = new string('r', 56), TaskId = new string('t', 63), Workload = new string('w', 64), GpuModel = new string('g', 65),
        },
        // OneShotSha256 hashes values up to 1,024 bytes through libcrypto's low-level functions, longer ones through SHA256.
        ["texts around the low-level path's limit"] = Base() with { ReceiptId = new string('r', 1_023), TaskId = new string('t', 1_024), Workload = new string('w', 1_025) },
        ["a 65-byte text of two-byte characters"] = Base() with { Workload = new string('é', 32) + "x", GpuModel = new string('é', 33) },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Receipt_hash_equals_hash_of_map_of_its_fields(string name)
    {
        var receipt = Variants[name];
        Assert.Equal(RepresentationIndependentHash.HashOfMap(BridgeHashes.ReceiptFields(receipt)), BridgeHashes.ReceiptHash(receipt));
    }

    [Fact]
    public void Receipt_hash_changes_with_every_field()
    {
        var base_ = BridgeHashes.ReceiptHash(Base());
        Receipt[] changed =
        [
            Base() with { NetworkId = "x" }, Base() with { ReceiptId = "x" }, Base() with { TaskId = "x" }, Base() with { Workload = "x" },
            Base() with { GpuModel = "x" }, Base() with { Provider = Principal.Anonymous }, Base() with { Requester = Principal.Anonymous },
            Base() with { FeeToken = Principal.Anonymous }, Base() with { RequesterSubaccount = new byte[32] }, Base() with { ResultHash = new byte[] { 1 } },
            Base() with { GpuSeconds = 1 }, Base() with { StartedAtNs = 0 }, Base() with { EndedAtNs = 3 }, Base() with { FeeAmount = 1 }, Base() with { FeeBlock = 0 },
        ];
        foreach (var r in changed) Assert.NotEqual(base_, BridgeHashes.ReceiptHash(r));
    }
}
