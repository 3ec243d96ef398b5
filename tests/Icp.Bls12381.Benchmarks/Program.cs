using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Icp.Bls12381;

// "quick" runs a Stopwatch loop (fast feedback while tuning); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    QuickBench.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(BlsBenchmarks).Assembly).Run(args);

/// <summary>The operations that dominate certificate verification and signing.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class BlsBenchmarks
{
    // verify_valid #1 of the conformance vectors: a mainnet certificate signed by the IC root key.
    internal static readonly byte[] Sig = Convert.FromHexString("ace9fcdd9bc977e05d6328f889dc4e7c99114c737a494653cb27a1f55c06f4555e0f160980af5ead098acc195010b2f7");
    internal static readonly byte[] Msg = Convert.FromHexString("0d69632d73746174652d726f6f74e6c01e909b4923345ce5970962bcfe3004bfd8474a21dae28f50692502f46d90");
    internal static readonly byte[] Pk = Convert.FromHexString("814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae");
    private static readonly BlsPreparedPublicKey Prepared = BlsPreparedPublicKey.Parse(Pk);
    private static readonly BlsSecretKey Sk = BlsSecretKey.FromSeed(new byte[32]);
    private static readonly Fp A = Fp.FromBigInteger(123456789), B = Fp.FromBigInteger(987654321);

    // A two-pair Miller loop as in Verify: the signature with the generator's lines, H(m) with the key's.
    private static readonly LineCoeffs[] TwoLines = [.. Pairing.GeneratorLines, .. Prepared.Lines];
    private static readonly Fp[] Px = [G1.Generator.X, Fp.FromBigInteger(5)], Py = [G1.Generator.Y, Fp.FromBigInteger(7)];
    private static readonly Fp12 MillerValue = Pairing.MillerLoop(Px, Py, TwoLines);

    [Benchmark]
    public bool Verify() => BlsSignature.Verify(Sig, Msg, Pk);

    [Benchmark]
    public bool VerifyPreparedKey() => BlsSignature.Verify(Sig, Msg, Prepared);

    // The certificate + delegation case: the delegation under the (cached) root key, the certificate under a
    // subnet key met for the first time (raw bytes) — mainnet-v3-read_state-ivg37-time-sharded.
    private static readonly BlsVerificationItem[] Pair = LoadPair();

    private static BlsVerificationItem[] LoadPair()
    {
        // Built from the shared conformance vectors, so the benchmark needs no copy of them.
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Icp.Testing.RepositoryPaths.ConformanceFolder("ic"), "bls", "ic_bls_signature_vectors.json")));
        var v = doc.RootElement.GetProperty("verify_vectors_from_real_certificates").GetProperty("vectors");
        byte[] H(int i, string k) => Convert.FromHexString(v[i].GetProperty(k).GetString()!);
        return
        [
            new(H(1, "signature_g1_48"), H(1, "message"), BlsPreparedPublicKey.Parse(H(1, "public_key_raw_g2_96"))),
            new(H(0, "signature_g1_48"), H(0, "message"), H(0, "public_key_raw_g2_96")),
        ];
    }

    private static readonly BlsVerificationItem[] PairPrepared =
        [Pair[0], new(Pair[1].Signature, Pair[1].Message, BlsPreparedPublicKey.Parse(Pair[1].PublicKey.Span))];

    [Benchmark]
    public bool VerifyBatch2RawSubnetKey() => BlsSignature.VerifyBatch(Pair);

    [Benchmark]
    public bool VerifyBatch2PreparedKeys() => BlsSignature.VerifyBatch(PairPrepared);

    [Benchmark]
    public byte[] Sign() => Sk.Sign(Msg);

    [Benchmark]
    public G1Point HashToG1() => HashToCurve.HashToG1(Msg, BlsSignature.SignatureDst);

    [Benchmark]
    public bool DecompressG1() => G1Point.TryFromCompressed(Sig, out _);

    [Benchmark]
    public bool DecompressG2() => G2Point.TryFromCompressed(Pk, out _);

    [Benchmark]
    public ulong FpMul() => Fp.Mul(A, B).L0;

    [Benchmark]
    public bool MillerLoop2() => Pairing.MillerLoop(Px, Py, TwoLines).IsOne;

    // Signing's scalar multiplication: the key's scalar times H(m), plain double-and-add against the GLV split.
    private static readonly ProjectivePoint<Fp, G1Curve> H = HashToCurve.HashToG1Internal(Msg, BlsSignature.SignatureDst);
    private static readonly ulong[] SkLimbs = Scalar.ToLimbs(Sk.ToBytes());
    private static readonly (ulong[] K1, ulong[] K2) SkGlv = G1Glv.Decompose(Scalar.ToBigInteger(Sk.ToBytes()));

    [Benchmark]
    public bool G1MulDoubleAndAdd() => ProjectivePoint<Fp, G1Curve>.MulConstantTime(H, SkLimbs).IsIdentity;

    [Benchmark]
    public bool G1MulGlv() => G1Glv.Mul(H, SkGlv.K1, SkGlv.K2).IsIdentity;

    // Eight certificates of different rounds under one key, as an agent with eight callers meets them.
    private static readonly BlsVerificationItem[] EightSameKey = Enumerable.Range(0, 8).Select(i =>
    {
        byte[] m = [.. Msg, (byte)i];
        return new BlsVerificationItem(Sk.Sign(m), m, BlsPreparedPublicKey.Parse(Sk.PublicKey));
    }).ToArray();

    [Benchmark]
    public bool Verify8OneByOne() => EightSameKey.All(it => BlsSignature.Verify(it.Signature.Span, it.Message.Span, it.PreparedKey!));

    [Benchmark]
    public bool VerifyBatch8SameKey() => BlsSignature.VerifyBatch(EightSameKey);

    [Benchmark]
    public bool FinalExponentiation() => Pairing.FinalExponentiation(MillerValue).IsOne;
}

internal static class QuickBench
{
    public static void Run()
    {
        var b = new BlsBenchmarks();
        Measure("Fp.Mul x1000", () => { Fp a = Fp.One; Fp c = Fp.FromBigInteger(3); for (int i = 0; i < 1000; i++) { a = Fp.Mul(a, c); } return a; });
        Measure("Fp.Add x1000", () => { Fp a = Fp.One; Fp c = Fp.FromBigInteger(3); for (int i = 0; i < 1000; i++) { a = Fp.Add(a, c); } return a; });
        Measure("Fp2.Mul x1000", () => { Fp2 a = Fp2.One; Fp2 c = new(Fp.FromBigInteger(3), Fp.One); for (int i = 0; i < 1000; i++) { a = Fp2.Mul(a, c); } return a; });
        Measure("Fp2.Square x1000", () => { Fp2 a = new(Fp.FromBigInteger(3), Fp.One); for (int i = 0; i < 1000; i++) { a = Fp2.Square(a); } return a; });
        Fp12 c12 = Pairing.FinalExponentiation(Fp12.Frobenius(Fp12.One));
        Measure("Fp12.Mul x100", () => { Fp12 a = Fp12.One; Fp12 c = c12; for (int i = 0; i < 100; i++) { a = Fp12.Mul(a, c); } return a; });
        Measure("CycSquare x100", () => { Fp12 a = Fp12.One; for (int i = 0; i < 100; i++) { a = Cyclotomic.Square(a); } return a; });
        Measure("Fp.Invert", () => Fp.Invert(Fp.FromBigInteger(3)));
        Measure("MillerLoop2", () => Pairing.MillerLoop([Fp.One, Fp.One], [Fp.One, Fp.One], new LineCoeffs[136]));
        Measure("Verify", () => b.Verify());
        Measure("VerifyPreparedKey", () => b.VerifyPreparedKey());
        Measure("VerifyBatch2Raw", () => b.VerifyBatch2RawSubnetKey());
        Measure("VerifyBatch2Prepared", () => b.VerifyBatch2PreparedKeys());
        Measure("Sign", () => b.Sign());
        Measure("G1MulDoubleAndAdd", () => b.G1MulDoubleAndAdd());
        Measure("G1MulGlv", () => b.G1MulGlv());
        Measure("Verify8OneByOne", () => b.Verify8OneByOne());
        Measure("VerifyBatch8SameKey", () => b.VerifyBatch8SameKey());
        Measure("HashToG1", () => b.HashToG1());
        Measure("DecompressG1", () => b.DecompressG1());
        Measure("DecompressG2", () => b.DecompressG2());
        Measure("FinalExp", () => Pairing.FinalExponentiation(Fp12.One));
    }

    private static void Measure<T>(string name, Func<T> f)
    {
        for (int i = 0; i < 30; i++) { f(); }
        Thread.Sleep(100);
        for (int i = 0; i < 20; i++) { f(); }
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.ElapsedMilliseconds < 1500 || samples.Count < 20)
        {
            long t0 = Stopwatch.GetTimestamp();
            f();
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }
        samples.Sort();
        Console.WriteLine($"{name,-20} median {samples[samples.Count / 2],10:F1} us   min {samples[0],10:F1} us   n={samples.Count}");
    }
}
