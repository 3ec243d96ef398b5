using System.Diagnostics;
using System.Globalization;
using Bridge.Core.Protocol;
using Bridge.Core.Signatures;

namespace Bridge.Service.Benchmarks;

/// <summary>
/// The machine's verification ceiling: receipts per second when every core does nothing but the intake's two
/// signature checks per receipt (<see cref="SignatureVerifiers.Default"/>, as <c>ReceiptIntake.Decide</c> calls it).
/// The keys are decoded from DER before timing: the bridge keeps decoded keys (registered nodes, and requesters'
/// keys in <c>BridgePublicKeyCache</c>), so the ceiling holds nothing but the two checks. It runs as its own process
/// (<c>ceiling SECONDS</c>), so it meets the same scheduler as the bridge does.
/// </summary>
internal static class VerificationCeiling
{
    public const string Mode = "ceiling";

    /// <summary>The child's third argument: also measure BouncyCastle (once per store), or only the default (before each scenario).</summary>
    public const string WithManaged = "with-managed", DefaultOnly = "default-only";
    private const string Prefix = "ceiling receipts/s: ";
    private const string ManagedPrefix = "ceiling with BouncyCastle, receipts/s: ";
    private const string CpuPrefix = "ceiling processor µs per receipt: ";

    /// <summary>The child's side: measures and prints one line.</summary>
    public static void Run(TimeSpan duration, bool withManaged)
    {
        // The default's rate is the ceiling; BouncyCastle's, measured the same way, shows why the default is libsodium.
        var (rate, cpu) = Rate(SignatureVerifiers.Default, duration);
        Console.WriteLine(Prefix + rate.ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine(CpuPrefix + cpu.ToString("F1", CultureInfo.InvariantCulture));
        if (withManaged) Console.WriteLine(ManagedPrefix + Rate(SignatureVerifiers.Managed, duration).Rate.ToString("F0", CultureInfo.InvariantCulture));
    }

    /// <summary>Receipts per second, and the processor time (all threads) per receipt: what the two checks cost.</summary>
    private static (double Rate, double CpuMicroseconds) Rate(ISignatureVerifier verifier, TimeSpan duration)
    {
        var workload = LoadWorkload.Create(nodes: 8, count: 512);
        var items = workload.Receipts.Select(r => (
            Message: BridgeHashes.ReceiptMessage(BridgeHashes.ReceiptHash(r)), ProviderKey: Decode(workload.NodeKeys[r.Provider]), r.ProviderSignature,
            RequesterKey: Decode(r.RequesterPublicKey!), RequesterSignature: r.RequesterSignature!)).ToArray();
        long Check(int i)
        {
            var item = items[i % items.Length];
            if (!verifier.Verify(item.ProviderKey, item.Message, item.ProviderSignature))
                throw new InvalidOperationException("a provider signature does not verify");
            if (!verifier.Verify(item.RequesterKey, item.Message, item.RequesterSignature))
                throw new InvalidOperationException("a requester signature does not verify");
            return 1;
        }
        long RunFor(TimeSpan span)
        {
            long total = 0;
            var until = Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);
            var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(t => new Thread(() =>
            {
                long done = 0;
                for (int i = t; Stopwatch.GetTimestamp() < until; i += 7) done += Check(i);
                Interlocked.Add(ref total, done);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            return total;
        }
        RunFor(TimeSpan.FromSeconds(0.5));
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long receipts = RunFor(duration);
        self.Refresh();
        return (receipts / wall.Elapsed.TotalSeconds, (self.TotalProcessorTime - cpuBefore).TotalMicroseconds / receipts);
    }

    private static BridgePublicKey Decode(byte[] der) =>
        BridgePublicKey.TryFromDer(der, out var key) ? key : throw new InvalidOperationException("a workload key is not a valid DER key");

    /// <summary>The parent's side: runs the child and reads its answers (libsodium, the ceiling; BouncyCastle).</summary>
    public static async Task<(double Ceiling, double? BouncyCastle, double CheckMicroseconds)> MeasureAsync(TimeSpan duration, string logPath, bool withManaged)
    {
        var self = typeof(VerificationCeiling).Assembly.Location;
        await using var child = Bridge.CrashTests.Processes.ChildProcess.Start(self,
            [Mode, duration.TotalSeconds.ToString(CultureInfo.InvariantCulture), withManaged ? WithManaged : DefaultOnly], new Dictionary<string, string>(), logPath);
        var ceiling = child.WaitForLineAsync(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        var managed = withManaged ? child.WaitForLineAsync(l => l.StartsWith(ManagedPrefix, StringComparison.Ordinal)) : null;
        var cpu = child.WaitForLineAsync(l => l.StartsWith(CpuPrefix, StringComparison.Ordinal));
        var wait = 2 * duration + TimeSpan.FromMinutes(2);
        return (double.Parse((await ceiling.WaitAsync(wait))[Prefix.Length..], CultureInfo.InvariantCulture),
            managed is null ? null : double.Parse((await managed.WaitAsync(wait))[ManagedPrefix.Length..], CultureInfo.InvariantCulture),
            double.Parse((await cpu.WaitAsync(wait))[CpuPrefix.Length..], CultureInfo.InvariantCulture));
    }
}
