namespace Icp.Replica.Tests;

/// <summary>A replica with a state directory keeps its canisters, their memories and its root key across restarts.</summary>
public sealed class StateDirectoryTests
{
    [Fact]
    public async Task A_restarted_replica_answers_with_the_saved_state()
    {
        string dir = Path.Combine(Path.GetTempPath(), "icp-replica-state-" + Guid.NewGuid().ToString("N"));
        try
        {
            Principal counter;
            byte[] rootKey;
            await using (var ic = await HttpReplica.StartAsync(dir))
            {
                counter = await ic.InstallAsync("Counter");
                var agent = HttpReplica.Agent(ic);
                await agent.CallAsync(counter, "add", TestReplica.Args((Nat)40));
                await agent.CallAsync(counter, "inc", TestReplica.NoArgs);
                rootKey = ic.RootKeyDer;
            }
            await using (var ic = await HttpReplica.StartAsync(dir))
            {
                Assert.Equal(rootKey, ic.RootKeyDer);
                var agent = HttpReplica.Agent(ic);
                Assert.Equal(41UL, await agent.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
                Assert.Equal(42UL, await agent.CallAsync(counter, "inc", TestReplica.NoArgs).NatAsync());
                var next = await ic.CreateCanisterAsync();
                Assert.NotEqual(counter, next);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
