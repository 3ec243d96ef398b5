using System.Globalization;
using BenchmarkDotNet.Running;
using Icp.Agent.Benchmarks;

// `compare [MARKDOWN [ROUNDS [WINDOW_MS]]]`: certificate verification, ours (fresh and cached) and @icp-sdk/core
// interleaved within one run (CertificateComparison); the lines the README quotes are printed last, each prefixed
// "README: ". Anything else goes to BenchmarkDotNet.
if (args is ["compare", .. var rest])
{
    int rounds = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 15;
    int windowMs = rest.Length > 2 ? int.Parse(rest[2], CultureInfo.InvariantCulture) : 1000;
    var (text, readme) = CertificateComparison.Run(rounds, windowMs, Console.Error);
    Console.Write(text);
    if (rest.Length > 0) File.WriteAllText(rest[0], text);
    foreach (var line in readme) Console.WriteLine("README: " + line);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(CertificateFixtures).Assembly).Run(args);
return 0;
