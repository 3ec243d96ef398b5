using System.Text.Json;

namespace Icp.Bls12381.Tests;

using G1Proj = ProjectivePoint<Fp, G1Curve>;
using G2Proj = ProjectivePoint<Fp2, G2Curve>;

public class BatchVerificationTests
{
    private static readonly JsonElement Vectors = Conformance.Load("bls/ic_bls_signature_vectors.json");

    private static BlsSecretKey RandomKey(Random rng)
    {
        var b = new byte[32];
        rng.NextBytes(b);
        b[0] &= 0x3f;
        b[31] |= 1;
        return BlsSecretKey.FromBytes(b);
    }

    /// <summary>n valid items over <paramref name="keyCount"/> keys; even items use prepared keys, odd ones raw bytes.</summary>
    private static BlsVerificationItem[] ValidBatch(Random rng, int n, int keyCount = 3)
    {
        BlsSecretKey[] keys = Enumerable.Range(0, keyCount).Select(_ => RandomKey(rng)).ToArray();
        var items = new BlsVerificationItem[n];
        for (int i = 0; i < n; i++)
        {
            var msg = new byte[rng.Next(0, 80)];
            rng.NextBytes(msg);
            BlsSecretKey sk = keys[i % keyCount];
            items[i] = i % 2 == 0
                ? new BlsVerificationItem(sk.Sign(msg), msg, BlsPreparedPublicKey.Parse(sk.PublicKey))
                : new BlsVerificationItem(sk.Sign(msg), msg, sk.PublicKey);
        }
        return items;
    }

    private static BlsVerificationItem With(in BlsVerificationItem it, ReadOnlyMemory<byte>? sig = null, ReadOnlyMemory<byte>? msg = null, ReadOnlyMemory<byte>? rawKey = null) =>
        rawKey is { } k
            ? new BlsVerificationItem(sig ?? it.Signature, msg ?? it.Message, k)
            : it.PreparedKey is { } pk
                ? new BlsVerificationItem(sig ?? it.Signature, msg ?? it.Message, pk)
                : new BlsVerificationItem(sig ?? it.Signature, msg ?? it.Message, it.PublicKey);

    [Fact]
    public void ValidBatchesPass()
    {
        var rng = new Random(20);
        Assert.True(BlsSignature.VerifyBatch([]));
        for (int n = 1; n <= 5; n++)
        {
            BlsVerificationItem[] items = ValidBatch(rng, n);
            Assert.True(BlsSignature.VerifyBatch(items), $"n = {n}");
            foreach (BlsVerificationItem it in items)
            {
                Assert.True(BlsSignature.Verify(it.Signature.Span, it.Message.Span, it.PublicKey.Span));
            }
        }
        // The same key for every item, and the same message twice.
        BlsVerificationItem[] same = ValidBatch(rng, 4, keyCount: 1);
        same[3] = same[1];
        Assert.True(BlsSignature.VerifyBatch(same));
    }

    [Fact]
    public void ItemsUnderOneKeyShareAPairYetAnyBadOneFailsTheBatch()
    {
        // Under one key the hashes are summed into one pair; the weights must still keep errors from cancelling.
        var rng = new Random(25);
        const int n = 5;
        BlsVerificationItem[] valid = ValidBatch(rng, n, keyCount: 1);
        Assert.True(BlsSignature.VerifyBatch(valid));
        for (int j = 0; j < n; j++)
        {
            BlsVerificationItem it = valid[j], other = valid[(j + 1) % n];
            var wrongMessage = (BlsVerificationItem[])valid.Clone();
            wrongMessage[j] = With(it, msg: (byte[])[.. it.Message.ToArray(), 0x42]);
            Assert.False(BlsSignature.VerifyBatch(wrongMessage), $"wrong message at {j}");
            var swapped = (BlsVerificationItem[])valid.Clone();
            swapped[j] = With(it, sig: other.Signature);
            swapped[(j + 1) % n] = With(other, sig: it.Signature);
            Assert.False(BlsSignature.VerifyBatch(swapped), $"swap at {j}");
            var stranger = (BlsVerificationItem[])valid.Clone();
            stranger[j] = With(it, rawKey: RandomKey(rng).PublicKey);
            Assert.False(BlsSignature.VerifyBatch(stranger), $"another key at {j}");
        }
    }

    [Fact]
    public void AnySingleBadItemFailsTheBatch()
    {
        var rng = new Random(21);
        const int n = 4;
        BlsVerificationItem[] valid = ValidBatch(rng, n, keyCount: n);
        byte[] strangerKey = RandomKey(rng).PublicKey;
        byte[] identitySig = new byte[48];
        identitySig[0] = 0xc0;
        byte[] identityKey = new byte[96];
        identityKey[0] = 0xc0;
        for (int j = 0; j < n; j++)
        {
            BlsVerificationItem it = valid[j];
            BlsVerificationItem other = valid[(j + 1) % n];
            var bad = new List<(string, BlsVerificationItem)>
            {
                ("wrong message", With(it, msg: (byte[])[.. it.Message.ToArray(), 0x42])),
                ("wrong key", With(it, rawKey: strangerKey)),
                ("signature of another item", With(it, sig: other.Signature)),
                ("signature for this message under another key", With(it, rawKey: other.PublicKey)),
                ("identity signature", With(it, sig: identitySig)),
                ("identity key", With(it, rawKey: identityKey)),
                ("short signature", With(it, sig: it.Signature[..47])),
                ("garbage key", With(it, rawKey: Enumerable.Repeat((byte)0x9f, 96).ToArray())),
            };
            foreach ((string what, BlsVerificationItem replacement) in bad)
            {
                var items = (BlsVerificationItem[])valid.Clone();
                items[j] = replacement;
                Assert.False(BlsSignature.VerifyBatch(items), $"{what} at {j}");
            }
            // Swapping the signatures of two items.
            var swapped = (BlsVerificationItem[])valid.Clone();
            swapped[j] = With(it, sig: other.Signature);
            swapped[(j + 1) % n] = With(other, sig: it.Signature);
            Assert.False(BlsSignature.VerifyBatch(swapped), $"swap at {j}");
        }
    }

    [Fact]
    public void RandomWeightsStopErrorsFromCancelling()
    {
        // Two messages signed with one key, the signatures swapped: each item is wrong, but their sum is right.
        var rng = new Random(22);
        BlsVerificationItem[] valid = ValidBatch(rng, 2, keyCount: 1);
        BlsVerificationItem[] swapped =
        [
            With(valid[0], sig: valid[1].Signature),
            With(valid[1], sig: valid[0].Signature),
        ];
        Assert.True(BlsSignature.VerifyBatch(swapped, [1, 1]));      // unweighted: fooled
        Assert.False(BlsSignature.VerifyBatch(swapped));             // random weights: caught
        Assert.False(BlsSignature.VerifyBatch(swapped, [1, 3]));

        // sig₁ + Δ and sig₂ − Δ under two different keys.
        BlsVerificationItem[] two = ValidBatch(rng, 2, keyCount: 2);
        G1Point delta = G1Point.Generator.Multiply([5]);
        G1Point s0 = G1Point.FromCompressed(two[0].Signature.Span), s1 = G1Point.FromCompressed(two[1].Signature.Span);
        BlsVerificationItem[] shifted =
        [
            With(two[0], sig: (s0 + delta).ToCompressed()),
            With(two[1], sig: (s1 + -delta).ToCompressed()),
        ];
        Assert.True(BlsSignature.VerifyBatch(shifted, [1, 1]));
        Assert.False(BlsSignature.VerifyBatch(shifted));
    }

    [Fact]
    public void BatchOfOneAgreesWithVerify()
    {
        int count = 0;
        foreach (JsonElement v in Vectors.GetProperty("verify_vectors").GetProperty("vectors").EnumerateArray())
        {
            byte[] sig = Conformance.Hex(v.GetProperty("signature_g1_compressed_48").GetString()!);
            byte[] msg = Conformance.Hex(v.GetProperty("message").GetString()!);
            byte[] pk = Conformance.Hex(v.GetProperty("public_key_g2_compressed_96").GetString()!);
            bool expected = v.GetProperty("expected").GetBoolean();
            Assert.Equal(BlsSignature.Verify(sig, msg, pk), BlsSignature.VerifyBatch([new BlsVerificationItem(sig, msg, pk)]));
            Assert.Equal(expected, BlsSignature.VerifyBatch([new BlsVerificationItem(sig, msg, pk)]));
            if (BlsPreparedPublicKey.TryParse(pk, out BlsPreparedPublicKey? prepared))
            {
                Assert.Equal(expected, BlsSignature.VerifyBatch([new BlsVerificationItem(sig, msg, prepared!)]));
            }
            count++;
        }
        Assert.Equal(8, count);
        var rng = new Random(23);
        for (int i = 0; i < 20; i++)
        {
            BlsVerificationItem it = ValidBatch(rng, 1)[0];
            byte[] sig = it.Signature.ToArray(), msg = it.Message.ToArray();
            switch (rng.Next(3))
            {
                case 0: break;
                case 1: msg = [.. msg, 1]; break;
                default: sig[rng.Next(1, 48)] ^= 1; break;
            }
            Assert.Equal(BlsSignature.Verify(sig, msg, it.PublicKey.Span), BlsSignature.VerifyBatch([With(it, sig: sig, msg: msg)]));
        }
    }

    [Fact]
    public void RealCertificateAndDelegationVerifyAsABatch()
    {
        // Each delegated certificate of certificates.json gives two checks: the certificate under the subnet key,
        // and its delegation certificate under the root key. The agent verifies them together.
        JsonElement[] vectors = [.. Vectors.GetProperty("verify_vectors_from_real_certificates").GetProperty("vectors").EnumerateArray()];
        const string suffix = " (delegation certificate)";
        BlsPreparedPublicKey root = BlsPreparedPublicKey.Parse(Conformance.Hex(Vectors.GetProperty("verify_vectors").GetProperty("vectors")[0].GetProperty("public_key_g2_compressed_96").GetString()!));
        int pairs = 0;
        foreach (JsonElement delegation in vectors.Where(v => v.GetProperty("from_fixture").GetString()!.EndsWith(suffix, StringComparison.Ordinal)))
        {
            string name = delegation.GetProperty("from_fixture").GetString()![..^suffix.Length];
            JsonElement cert = vectors.Single(v => v.GetProperty("from_fixture").GetString() == name);
            byte[] dSig = Conformance.Hex(delegation.GetProperty("signature_g1_48").GetString()!);
            byte[] dMsg = Conformance.Hex(delegation.GetProperty("message").GetString()!);
            byte[] dKey = Conformance.Hex(delegation.GetProperty("public_key_raw_g2_96").GetString()!);
            Assert.Equal(root.Bytes.ToArray(), dKey);
            byte[] cSig = Conformance.Hex(cert.GetProperty("signature_g1_48").GetString()!);
            byte[] cMsg = Conformance.Hex(cert.GetProperty("message").GetString()!);
            byte[] cKey = Conformance.Hex(cert.GetProperty("public_key_raw_g2_96").GetString()!);

            Assert.True(BlsSignature.VerifyBatch([new(dSig, dMsg, root), new(cSig, cMsg, cKey)]), name);
            Assert.True(BlsSignature.VerifyBatch([new(cSig, cMsg, BlsPreparedPublicKey.Parse(cKey)), new(dSig, dMsg, dKey)]), name);
            // Crossing the signatures, or one flipped message bit, fails.
            Assert.False(BlsSignature.VerifyBatch([new(cSig, dMsg, root), new(dSig, cMsg, cKey)]), name);
            byte[] tampered = [.. cMsg];
            tampered[^1] ^= 1;
            Assert.False(BlsSignature.VerifyBatch([new(dSig, dMsg, root), new(cSig, tampered, cKey)]), name);
            pairs++;
        }
        Assert.Equal(9, pairs);
    }

    [Fact]
    public void WnafMultiplicationMatchesDoubleAndAdd()
    {
        var rng = new Random(24);
        G1Proj p = G1Point.Generator.Multiply([9, 8, 7]).Value;
        G2Proj q = G2Point.Generator.Multiply([3, 1, 4]).Value;
        ulong[] edge = [1, 2, 3, 7, 8, 15, 16, 0x7fffffffffffffff, 0x8000000000000000, ulong.MaxValue, ulong.MaxValue - 8, Bls12381Params.XAbs];
        IEnumerable<ulong> scalars = edge.Concat(Enumerable.Range(0, 40).Select(_ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40)));
        foreach (ulong k in scalars)
        {
            Assert.True(G1Proj.Equal(G1Proj.MulVartime(p, k), G1Proj.MulWnaf(p, k)), $"G1 k = {k:x}");
            Assert.True(G2Proj.Equal(G2Proj.MulVartime(q, k), G2Proj.MulWnaf(q, k)), $"G2 k = {k:x}");
        }
        Assert.True(G1Proj.MulWnaf(p, 0).IsIdentity);
    }

    [Fact]
    public void BatchToAffineMatchesOneByOne()
    {
        var rng = new Random(25);
        G1Proj[] points = Enumerable.Range(1, 6).Select(i => G1Proj.MulWnaf(G1.Generator, (ulong)rng.NextInt64() | 1)).ToArray();
        var xs = new Fp[6];
        var ys = new Fp[6];
        G1Proj.BatchToAffine(points, xs, ys);
        for (int i = 0; i < points.Length; i++)
        {
            Assert.True(points[i].TryToAffine(out Fp x, out Fp y));
            Assert.True(Fp.Equal(x, xs[i]) && Fp.Equal(y, ys[i]));
        }
    }
}
