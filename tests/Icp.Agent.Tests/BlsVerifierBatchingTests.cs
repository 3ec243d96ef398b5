using Icp.Agent.Certification;
using Icp.Bls12381;

namespace Icp.Agent.Tests;

/// <summary>The agent's BLS verifier checks concurrent signatures together, yet refuses exactly the bad ones.</summary>
public class BlsVerifierBatchingTests
{
    private static readonly BlsSecretKey Key = BlsSecretKey.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());

    private static (byte[] Sig, byte[] Msg) Signed(int i)
    {
        byte[] msg = System.Text.Encoding.ASCII.GetBytes($"state root {i}");
        return (Key.Sign(msg), msg);
    }

    [Fact]
    public void CheckTogetherRefusesOnlyTheWrongSignatureOfABatch()
    {
        var prepared = BlsPreparedPublicKey.Parse(Key.PublicKey);
        var items = Enumerable.Range(0, 5).Select(i => Signed(i)).Select(s => new BlsVerificationItem(s.Sig, s.Msg, prepared)).ToArray();
        Assert.Equal([true, true, true, true, true], Bls12381Verifier.CheckTogether(items));
        // Item 2 carries item 3's signature: the batch fails, and the per-item checks single it out.
        items[2] = new BlsVerificationItem(items[3].Signature, items[2].Message, prepared);
        Assert.Equal([true, true, false, true, true], Bls12381Verifier.CheckTogether(items));
    }

    [Fact]
    public void ConcurrentChecksAcceptTheValidSignaturesAndRefuseTheWrongOnes()
    {
        var verifier = new Bls12381Verifier();
        const int n = 12;
        var signed = Enumerable.Range(0, n).Select(Signed).ToArray();
        // Every third call presents another message's signature.
        bool[] expected = Enumerable.Range(0, n).Select(i => i % 3 != 1).ToArray();
        using var start = new Barrier(n);
        var results = new bool[n];
        var threads = Enumerable.Range(0, n).Select(i => new Thread(() =>
        {
            byte[] sig = expected[i] ? signed[i].Sig : signed[(i + 1) % n].Sig;
            start.SignalAndWait();
            results[i] = verifier.Verify(sig, signed[i].Msg, Key.PublicKey);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(expected, results);
        // A refused signature is not remembered as good; a verified one is answered again.
        Assert.False(verifier.Verify(signed[(1 + 1) % n].Sig, signed[1].Msg, Key.PublicKey));
        Assert.True(verifier.Verify(signed[0].Sig, signed[0].Msg, Key.PublicKey));
    }

    [Fact]
    public void AMalformedKeyIsRefusedWithoutJoiningABatch()
    {
        var verifier = new Bls12381Verifier();
        var (sig, msg) = Signed(0);
        Assert.False(verifier.Verify(sig, msg, new byte[96]));
        Assert.False(verifier.Verify(sig, msg, Key.PublicKey.AsSpan(0, 95)));
        Assert.True(verifier.Verify(sig, msg, Key.PublicKey));
    }
}
