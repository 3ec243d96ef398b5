namespace Bridge.Service.Leadership;

/// <summary>The <c>Leadership:*</c> settings: the active role's lease when several instances share a PostgreSQL store.</summary>
public sealed class LeadershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Leadership";

    /// <summary>
    /// How long a lease lasts without renewal (default 15 s): the longest the active role stays vacant after its
    /// holder dies. The holder renews every third of it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>This instance's holder id in the lease row (default: host name, process id and a random suffix).</summary>
    public string? InstanceId { get; set; }
}
