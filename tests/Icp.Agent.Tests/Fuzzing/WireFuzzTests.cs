using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;
using Xunit.Abstractions;

namespace Icp.Agent.Tests.Fuzzing;

/// <summary>
/// The wire fuzz target (issue 8): structure-aware inputs (see <see cref="WireFuzzInputs"/>) for every reader of
/// untrusted bytes in the agent: envelopes, responses, certificates, hash trees and PEM keys. Fixed seeds, so a
/// failure repeats. Per input: only the reader's documented exception escapes, the work runs on a thread-pool
/// thread (default stack), and the bytes allocated stay within <see cref="AllocationBound"/> of the input's size.
/// </summary>
public sealed class WireFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 500;

    /// <summary>
    /// At most 64 bytes allocated per input byte (or character), plus 4 MiB for fixed costs (creating an EC key with
    /// BouncyCastle alone takes about 1.5 MiB). The object models cost 10 to 60 bytes per input byte at worst.
    /// </summary>
    private static long AllocationBound(long inputSize) => 64 * inputSize + 4 * 1024 * 1024;

    private static readonly Principal Canister = Principal.FromBytes([0, 0, 0, 0, 0, 0x10, 0, 7, 1, 1]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Envelopes(int seed) => RunAsync(seed, inputs => inputs.Envelope(), bytes => Envelope.Decode(bytes),
        envelope => _ = envelope.Content.RequestId, // hashes every field, recursively
        typeof(FormatException));

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public Task Responses(int seed) => RunAsync(seed, inputs => inputs.Response(), bytes => QueryResponse.Decode(bytes), _ => { }, typeof(FormatException));

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public Task OtherResponseReaders(int seed) => RunAsync(seed, inputs => inputs.Response(), bytes =>
    {
        // One body, every other response reader: each must refuse what is not its shape with a FormatException.
        Attempt(() => ReadStateResponse.Decode(bytes), typeof(FormatException));
        Attempt(() => CallResponse.Decode(bytes), typeof(FormatException));
        return IcpStatus.Decode(bytes);
    }, _ => { }, typeof(FormatException));

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public Task Certificates(int seed) => RunAsync(seed, inputs => inputs.Certificate(delegation: true), bytes =>
    {
        var certificate = Certificate.Decode(bytes);
        _ = certificate.RootHash; // verification always hashes the whole tree
        return certificate;
    }, certificate =>
    {
        _ = certificate.Lookup("time");
        var verifier = new CertificateVerifier(new Http.FakeBls(), BlsPublicKey.FromRaw(new byte[96]));
        Attempt(() => verifier.Verify(certificate, CertificateScope.ForCanister(Canister)), typeof(CertificateVerificationException)); // decodes the delegation's certificate
    }, typeof(CertificateVerificationException));

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public Task HashTrees(int seed) => RunAsync(seed, inputs => inputs.Tree(), bytes =>
    {
        var tree = HashTreeCbor.Decode(bytes);
        _ = tree.Digest();
        return tree;
    }, tree =>
    {
        _ = tree.Lookup("time");
        _ = tree.FlattenForks();
        Attempt(() => CanisterRanges.Check(tree, Canister, Canister), typeof(FormatException));
        Assert.Equal(tree.Digest(), HashTreeCbor.Decode(HashTreeCbor.Encode(tree)).Digest());
    }, typeof(HashTreeException));

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public async Task PemFiles(int seed)
    {
        var inputs = new WireFuzzInputs(seed);
        var outcomes = new Dictionary<string, int>();
        double worst = 0;
        await Task.Run(() =>
        {
            for (var i = 0; i < Iterations / 2; i++) // each valid key costs an EC key generation
            {
                var valid = inputs.Pem();
                var text = i % 8 == 0 ? valid : inputs.MutatePem(valid);
                var (outcome, ratio) = Measure(text.Length, () => IdentityPem.Load(text), [typeof(FormatException)], $"PEM input {i} (seed {seed})");
                if (i % 8 == 0) Assert.Equal("ok", outcome);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                worst = Math.Max(worst, ratio);
            }
        });
        Report(outcomes, worst);
    }

    private async Task RunAsync<T>(int seed, Func<WireFuzzInputs, CborNode> generate, Func<byte[], T> decode, Action<T> use, Type allowed)
    {
        var inputs = new WireFuzzInputs(seed);
        var outcomes = new Dictionary<string, int>();
        double worst = 0;
        // A thread-pool thread, with its default stack: no reader may depend on a bigger one.
        await Task.Run(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                var document = generate(inputs);
                var bytes = i % 8 == 0 ? document.Encode() : inputs.Mutate(document);
                var what = $"input {i} (seed {seed}): {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))}";
                T result = default!;
                var (outcome, ratio) = Measure(bytes.Length, () => result = decode(bytes), [allowed], what);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                worst = Math.Max(worst, ratio);
                if (outcome != "ok") continue;
                try { use(result); }
                catch (Exception e) when (!allowed.IsInstanceOfType(e)) { Assert.Fail($"{what}: using the decoded value threw {e.GetType().FullName}: {e.Message}"); }
                catch (Exception) { }
            }
        });
        Report(outcomes, worst);
        // The target reaches both sides: inputs that decode and inputs that are refused.
        Assert.True(outcomes.GetValueOrDefault("ok") > 0, "no input decoded");
        Assert.True(outcomes.Count > 1, "no input was refused");
    }

    /// <summary>Runs one decode; returns "ok" or the exception type, and bytes allocated per input byte.</summary>
    private static (string Outcome, double Ratio) Measure(long size, Action decode, Type[] allowed, string what)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        string outcome;
        try
        {
            decode();
            outcome = "ok";
        }
        catch (Exception e) when (allowed.Any(t => t.IsInstanceOfType(e)))
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: {e.GetType().Name} without a message");
            outcome = e.GetType().Name;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().FullName} escaped: {e.Message}\n{e.StackTrace}");
            throw;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= AllocationBound(size), $"{what}: {allocated} bytes allocated for {size} input bytes");
        return (outcome, (double)allocated / AllocationBound(size));
    }

    private static void Attempt(Action decode, Type allowed)
    {
        try { decode(); }
        catch (Exception e) when (allowed.IsInstanceOfType(e)) { }
    }

    private void Report(Dictionary<string, int> outcomes, double worst) =>
        output.WriteLine($"{string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}"))}; the largest allocation took {worst:P0} of its bound");
}
