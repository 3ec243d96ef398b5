namespace Bridge.Service.Configuration;

/// <summary>The <c>Dev:*</c> settings, used under <c>--dev</c> only.</summary>
public sealed class DevOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dev";

    /// <summary>Whether the bridge runs under <c>--dev</c> (set from the command line).</summary>
    public bool Enabled { get; set; }

    /// <summary>The port of the in-process replica's HTTP interface (default 4943; 0 picks a free one).</summary>
    public int ReplicaPort { get; set; } = 4943;

    /// <summary>Where the replica state, Wasm cache, identities and SQLite database live (default <c>.bridge-dev/</c>).</summary>
    public string DataDirectory { get; set; } = ".bridge-dev";
}
