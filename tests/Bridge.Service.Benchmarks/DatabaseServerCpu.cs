using System.Globalization;
using Npgsql;

namespace Bridge.Service.Benchmarks;

/// <summary>
/// Processor time of the PostgreSQL server's processes (postmaster, backends, WAL writer, checkpointer, ...) from
/// /proc, so the table can show what a receipt costs the database on the same cores. The server is found from one
/// of its own backends: <c>pg_backend_pid()</c>'s parent is the postmaster, and every child of it counts (children
/// that have exited count through the postmaster's cutime/cstime). Only a server on this machine can be measured;
/// SQLite runs inside the bridge process, so its cost is already in the bridge's column.
/// </summary>
internal sealed class DatabaseServerCpu
{
    private readonly int _postmaster;

    private DatabaseServerCpu(int postmaster) => _postmaster = postmaster;

    /// <summary>The server of <paramref name="connectionString"/>, or <c>null</c> when it does not run on this machine.</summary>
    public static DatabaseServerCpu? Find(string connectionString)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", c);
        int backend = (int)cmd.ExecuteScalar()!;
        var stat = Stat(backend);
        return stat is null ? null : new DatabaseServerCpu(int.Parse(stat[3], CultureInfo.InvariantCulture));
    }

    /// <summary>The server's processor time so far: the postmaster's own and its reaped children's, plus every live child's.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var postmaster = Stat(_postmaster) ?? throw new InvalidOperationException($"the PostgreSQL postmaster {_postmaster} is gone");
            long ticks = Ticks(postmaster, 13) + Ticks(postmaster, 14) + Ticks(postmaster, 15) + Ticks(postmaster, 16);
            string parent = _postmaster.ToString(CultureInfo.InvariantCulture);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                var child = Stat(pid);
                if (child is not null && child[3] == parent) ticks += Ticks(child, 13) + Ticks(child, 14);
            }
            return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        }
    }

    // USER_HZ: 100 on every Linux architecture .NET runs on.
    private const int ClockTicksPerSecond = 100;

    private static long Ticks(string[] stat, int field) => long.Parse(stat[field], CultureInfo.InvariantCulture);

    /// <summary>/proc/PID/stat's fields (0-based as in proc(5) minus one), the command name skipped safely; <c>null</c> when the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        int close = text.LastIndexOf(')');
        // Fields after "(comm)": state is field 2 (index 2); keep pid and comm as indexes 0 and 1.
        return [text[..text.IndexOf(' ')], "comm", .. text[(close + 2)..].Split(' ')];
    }
}
