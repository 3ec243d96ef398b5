namespace Bridge.Service.Leadership;

/// <summary>The embedded store's leadership: one instance owns its file, so it always holds the active role (token 1).</summary>
public sealed class SingleInstanceLeadership : ILeadership, IHostedService
{
    /// <inheritdoc />
    public bool IsLeader => true;

    /// <inheritdoc />
    public long Token => 1;

    /// <inheritdoc />
    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken ct) => Task.FromResult(CancellationToken.None);

    /// <summary>Nothing to keep: there is no lease.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to release.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
