using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;
using Icp.Testing;

namespace Bridge.Core.Benchmarks;

/// <summary>One verification of a receipt's provider signature (r1: Ed25519, r3: secp256k1) per implementation.</summary>

public class SignatureBenchmarks
{
    private BridgePublicKey _ed25519 = null!, _secp256k1 = null!;
    private byte[] _ed25519Message = [], _ed25519Signature = [], _secp256k1Message = [], _secp256k1Signature = [];

    [Params("native", "bouncycastle")]
    public string Implementation { get; set; } = "native";

    private ISignatureVerifier Verifier => Implementation == "native" ? NativeSignatureVerifier.Instance : BouncyCastleSignatureVerifier.Instance;

    [GlobalSetup]
    public void Setup()
    {
        var root = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.ConformanceFolder("bridge"), "receipts.json"))).RootElement;
        var receipts = root.GetProperty("receipts").EnumerateArray().ToList();
        (_ed25519Message, _ed25519Signature, _) = Load(receipts[0]);
        var r3 = receipts.Single(r => r.GetProperty("name").GetString() == "r3-secp256k1-both");
        (_secp256k1Message, _secp256k1Signature, var receipt) = Load(r3);
        _secp256k1 = BridgePublicKey.FromDer(root.GetProperty("contexts").GetProperty("main").GetProperty("nodes").EnumerateArray()
            .Select(n => Convert.FromHexString(n.GetProperty("public_key").GetString()!)).Single(k => BridgePublicKey.FromDer(k).Principal == receipt.Provider));
        var r1 = ReceiptParser.Parse(System.Text.Encoding.UTF8.GetBytes(receipts[0].GetProperty("body_text").GetString()!));
        _ed25519 = BridgePublicKey.FromDer(root.GetProperty("contexts").GetProperty("main").GetProperty("nodes").EnumerateArray()
            .Select(n => Convert.FromHexString(n.GetProperty("public_key").GetString()!)).Single(k => BridgePublicKey.FromDer(k).Principal == r1.Provider));
        if (!Ed25519() || !Secp256k1()) throw new InvalidOperationException("the vector signatures do not verify");
    }

    private static (byte[] Message, byte[] Signature, Receipt Receipt) Load(JsonElement r)
    {
        var receipt = ReceiptParser.Parse(System.Text.Encoding.UTF8.GetBytes(r.GetProperty("body_text").GetString()!));
        return (BridgeHashes.ReceiptMessage(BridgeHashes.ReceiptHash(receipt)), receipt.ProviderSignature, receipt);
    }

    [Benchmark]
    public bool Ed25519() => Verifier.Verify(_ed25519, _ed25519Message, _ed25519Signature);

    [Benchmark]
    public bool Secp256k1() => Verifier.Verify(_secp256k1, _secp256k1Message, _secp256k1Signature);
}
