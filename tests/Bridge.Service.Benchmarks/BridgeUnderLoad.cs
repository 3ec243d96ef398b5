using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Bridge.CrashTests.Processes;
using Bridge.Service.Store;
using Bridge.Service.Store.Postgres;
using Bridge.Service.Store.Sqlite;
using Icp.Agent.Identities;
using Npgsql;

namespace Bridge.Service.Benchmarks;

/// <summary>
/// The bridge in its own process (<c>dotnet Bridge.Service.dll</c> of this configuration), API and intake only: posting
/// is off (<c>Bridge:PostBatches=false</c>) because the poster cuts a batch every 15 minutes by default and takes no
/// part in intake; a run with it on would measure a cut at a random moment, not intake.
/// </summary>
internal sealed class BridgeUnderLoad : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _store, _connectionString;

    private BridgeUnderLoad(ChildProcess process, Uri url, string store, string connectionString)
    {
        _process = process;
        Url = url;
        _store = store;
        _connectionString = connectionString;
    }

    public Uri Url { get; }

    /// <summary>Processor time the bridge process has used so far (all its threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            using var process = Process.GetProcessById(_process.Id);
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Starts a bridge on an empty store (<c>sqlite</c> in <paramref name="directory"/>, or a new schema of <paramref name="postgres"/>).</summary>
    /// <param name="environment">More environment for the bridge alone (runtime settings such as <c>DOTNET_TieredPGO=0</c>).</param>
    public static async Task<BridgeUnderLoad> StartAsync(string store, string directory, string? postgres, HttpClient http,
        IReadOnlyDictionary<string, string> environment)
    {
        string connectionString = store switch
        {
            "sqlite" => $"Data Source={Path.Combine(directory, "bridge.db")}",
            "postgres" => NewSchema(postgres ?? throw new InvalidOperationException("postgres: set BRIDGE_BENCH_POSTGRES (see docs/benchmarks/bridge-load.md)")),
            _ => throw new ArgumentException($"store '{store}': sqlite or postgres", nameof(store)),
        };
        string poster = Path.Combine(directory, "poster.pem"), payout = Path.Combine(directory, "payout.pem");
        WriteKey(poster);
        WriteKey(payout);
        int port = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Bridge__NetworkId"] = LoadWorkload.NetworkId,
            ["Bridge__Genesis"] = "2026-01-01T00:00:00Z",
            ["Bridge__PostBatches"] = "false",
            ["Rewards__FeeAccount"] = "2vxsx-fae",
            ["Ic__Url"] = "http://127.0.0.1:9",
            ["Ic__RollupCanister"] = "lxzze-o7777-77777-aaaaa-cai",
            ["Ic__RewardLedger"] = "ryjl3-tyaaa-aaaaa-aaaba-cai",
            ["Keys__Poster"] = poster,
            ["Keys__Payout"] = payout,
            ["Store__Provider"] = store,
            ["Store__ConnectionString"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}/",
        };
        foreach (var (name, value) in environment) settings[name] = value;
        var process = ChildProcess.Start(BridgeServiceDll(), [], settings, Path.Combine(directory, "bridge.log"));
        var bridge = new BridgeUnderLoad(process, new Uri($"http://127.0.0.1:{port}/"), store, connectionString);
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the bridge exited at start; see {directory}/bridge.log");
            if (started.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"the bridge did not answer /health in 120 s; see {directory}/bridge.log");
            try
            {
                using var response = await http.GetAsync(new Uri(bridge.Url, "health"));
                if (response.IsSuccessStatusCode) return bridge;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL (no shutdown code runs), then the number of receipts the store holds: what survived is what was durable.</summary>
    public async Task<long> KillAndCountAsync()
    {
        await _process.KillAsync();
        if (_store == "sqlite")
        {
            var sqlite = new SqliteBridgeStore(_connectionString, TimeProvider.System);
            long count = (await sqlite.CountAsync()).Receipts;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return count;
        }
        await using var postgres = new PostgresBridgeStore(_connectionString, TimeProvider.System);
        return (await postgres.CountAsync()).Receipts;
    }

    /// <summary>
    /// What "durable" means on this store, read from it; refuses a store whose commits do not wait for the disk (the
    /// test cluster of .ci/postgres runs with fsync off), since its numbers would not be of durable writes.
    /// </summary>
    public static string Durability(string store, string? postgres, string directory)
    {
        if (store == "sqlite")
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "probe.db")};Pooling=false");
            c.Open();
            using (var wal = c.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                wal.ExecuteNonQuery();
            }
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous";
            long synchronous = (long)cmd.ExecuteScalar()!;
            if (synchronous < 2) throw new InvalidOperationException($"SQLite's default synchronous is {synchronous}, not FULL (2): commits would not be durable");
            return "WAL, synchronous=FULL: a commit returns once the WAL is fsynced";
        }
        using var pg = new NpgsqlConnection(postgres);
        pg.Open();
        string Show(string name)
        {
            using var cmd = new NpgsqlCommand($"SHOW {name}", pg);
            return (string)cmd.ExecuteScalar()!;
        }
        string fsync = Show("fsync"), commit = Show("synchronous_commit");
        if (fsync != "on" || commit == "off")
            throw new InvalidOperationException($"PostgreSQL runs with fsync={fsync}, synchronous_commit={commit}: commits would not be durable (start it with BRIDGE_PG_DURABLE=1)");
        return $"fsync={fsync}, synchronous_commit={commit}: a commit returns once the WAL is flushed";
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string BridgeServiceDll()
    {
        var metadata = typeof(BridgeUnderLoad).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Bridge.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Bridge.sln not found above " + AppContext.BaseDirectory);
        return Path.Combine(root, "src", "Bridge.Service", "bin", metadata["Configuration"]!, metadata["TargetFramework"]!, "Bridge.Service.dll");
    }

    private static string NewSchema(string server)
    {
        string name = "load_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new NpgsqlConnection(server))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {name}", c);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = name }.ConnectionString;
    }

    private static void WriteKey(string path)
    {
        File.WriteAllText(path, Ed25519Identity.Generate().ToPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
