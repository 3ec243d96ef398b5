// Issue 11's load benchmark; prints the markdown table of docs/benchmarks/bridge-load.md.
//   dotnet run -c Release --project tests/Bridge.Service.Benchmarks [-- --stores sqlite,postgres] [--scale 1]
// PostgreSQL: BRIDGE_BENCH_POSTGRES, a cluster with fsync on (see that document). `ceiling SECONDS` is the child mode.
// `postgres-floor [RECEIPTS GROUP ROUNDS]`: the server's own processor time per receipt for the intake's insert alone.
using System.Globalization;
using Bridge.Service.Benchmarks;

if (args is [VerificationCeiling.Mode, var seconds, var which])
{
    VerificationCeiling.Run(TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), which == VerificationCeiling.WithManaged);
    return 0;
}

if (args is [PostgresFloor.Mode, .. var floorArgs])
{
    // PostgreSQL's own cost per receipt, without the bridge (docs/benchmarks/bridge-load.md, "PostgreSQL's floor").
    string server = Environment.GetEnvironmentVariable("BRIDGE_BENCH_POSTGRES") is { Length: > 0 } pg ? pg
        : throw new ArgumentException("postgres-floor needs BRIDGE_BENCH_POSTGRES (a cluster of BRIDGE_PG_DURABLE=1 .ci/postgres)");
    int Arg(int i, int fallback) => floorArgs.Length > i ? int.Parse(floorArgs[i], CultureInfo.InvariantCulture) : fallback;
    return await PostgresFloor.RunAsync(server, receipts: Arg(0, 20_000), group: Arg(1, 100), rounds: Arg(2, 3));
}

var options = LoadOptions.Parse(args);
var scenarios = LoadScenario.Defaults(options.Scale, options.Scenarios);
int warmUpReceipts = options.WarmUpRounds * LoadOptions.WarmUpReceiptsPerRound;
Console.Error.WriteLine($"signing {scenarios.Sum(s => s.Receipts) + warmUpReceipts:N0} receipts (two signatures each) before timing ...");
var workload = LoadWorkload.Create(nodes: 16, count: scenarios.Sum(s => s.Receipts) + warmUpReceipts);
// Both endpoints before timing, in rounds: the tiered JIT (instrumented tier, then tier 1 with PGO) keeps compiling the
// intake's code for many seconds, which would otherwise count against the measured scenarios. An operator's bridge runs
// for months, so the table is of its steady state: each round prints the bridge's CPU per receipt, which should stop
// falling well before the last round (raise --warm-up-rounds if it does not).
LoadScenario[] warmUps = [.. Enumerable.Range(0, options.WarmUpRounds).SelectMany(_ => new LoadScenario[]
{
    new("warm-up single", 0, 16, LoadOptions.WarmUpReceiptsPerRound / 2),
    new("warm-up batch of 100", 100, 4, LoadOptions.WarmUpReceiptsPerRound / 2),
})];
var slices = new List<(LoadScenario Scenario, byte[][] Bodies)>();
int offset = 0;
foreach (var s in warmUps.Concat(scenarios))
{
    slices.Add((s, LoadClient.Bodies(s, workload.Receipts.Skip(offset).Take(s.Receipts))));
    offset += s.Receipts;
}

var rows = new List<string>();
var durability = new List<string>();
foreach (var store in options.Stores)
{
    string directory = Directory.CreateTempSubdirectory("bridge-load-").FullName;
    durability.Add($"{store}: {BridgeUnderLoad.Durability(store, options.Postgres, directory)}");
    Console.Error.WriteLine($"{store}: measuring the verification ceiling ({options.CeilingSeconds} s) ...");
    var (ceiling, bouncyCastle, checkMicroseconds) = await VerificationCeiling.MeasureAsync(TimeSpan.FromSeconds(options.CeilingSeconds), Path.Combine(directory, "ceiling.log"), withManaged: true);
    durability.Add(string.Create(CultureInfo.InvariantCulture,
        $"{store} run: verification ceiling before the bridge started {ceiling:N0} receipts/s with libsodium (the default), {bouncyCastle:N0} with BouncyCastle ({ceiling / bouncyCastle:F2}×); the two checks cost {checkMicroseconds:F0} µs of processor time per receipt"));
    using var http = LoadClient.NewHttpClient(4);
    await using var bridge = await BridgeUnderLoad.StartAsync(store, directory, options.Postgres, http, options.BridgeEnvironment);
    foreach (var registration in workload.Registrations)
    {
        using var content = new ByteArrayContent(registration);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(new Uri(bridge.Url, "v1/nodes"), content);
        if ((int)response.StatusCode is not (200 or 201)) throw new InvalidOperationException($"POST /v1/nodes answered {(int)response.StatusCode}");
    }
    // The PostgreSQL server's own processor time (same cores); SQLite's is inside the bridge process.
    var database = store == "postgres" ? DatabaseServerCpu.Find(options.Postgres!) : null;
    long acknowledged = 0;
    foreach (var (scenario, bodies) in slices)
    {
        bool measured = !warmUps.Contains(scenario, ReferenceEqualityComparer.Instance);
        if (measured)
        {
            // This machine's speed drifts by 10-20 % between minutes (a shared VM host): each row gets the ceiling measured
            // just before it, with the bridge idle, so a ratio compares two measurements a few seconds apart.
            (ceiling, _, checkMicroseconds) = await VerificationCeiling.MeasureAsync(TimeSpan.FromSeconds(options.CeilingSeconds), Path.Combine(directory, "ceiling.log"), withManaged: false);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ceiling {ceiling:F0} receipts/s, {checkMicroseconds:F0} µs per receipt"));
        }
        Console.Error.WriteLine($"{store}: {scenario.Name}, {scenario.Receipts:N0} receipts over {scenario.Connections} connections ...");
        var result = await LoadClient.RunAsync(bridge, database, scenario, bodies);
        acknowledged += result.Acknowledged;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.ReceiptsPerSecond:F0} receipts/s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms, {result.NotAcknowledged} not acknowledged, bridge CPU {result.BridgeMicrosecondsPerReceipt:F0} µs per receipt, client {result.ClientMicrosecondsPerReceipt:F0}, database {result.DatabaseMicrosecondsPerReceipt:F0}"));
        if (measured) rows.Add(LoadReport.Row(store, result, ceiling, checkMicroseconds));
    }
    long stored = await bridge.KillAndCountAsync();
    Console.Error.WriteLine($"{store}: SIGKILLed; the store holds {stored:N0} receipts, {acknowledged:N0} were acknowledged");
    if (stored != acknowledged)
        throw new InvalidOperationException($"{store}: {acknowledged} receipts were acknowledged but the store holds {stored}");
    rows.Add($"| {store}: acknowledged = stored after SIGKILL | {acknowledged:N0} = {stored:N0} | | | | | | | | | |");
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}
Console.WriteLine(LoadReport.Header);
rows.ForEach(Console.WriteLine);
Console.WriteLine();
durability.ForEach(d => Console.WriteLine($"- {d}"));
return 0;
