namespace Bridge.Container.Tests;

/// <summary>Without a Docker engine the container tests fail with what to do, never skip.</summary>
public sealed class EngineRequirementTests
{
    [Fact]
    public async Task No_reachable_engine_fails_with_a_message_that_says_how_to_start_one()
    {
        string socket = Path.Combine(Path.GetTempPath(), "no-docker-" + Guid.NewGuid().ToString("N") + ".sock");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DockerCli.RequireEngineAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix://" + socket }));
        Assert.Contains("No Docker engine", e.Message);
        Assert.Contains("../shared/tools/docker-engine", e.Message);
    }

    [Fact]
    public async Task The_engine_CI_starts_answers_with_an_API_version_Testcontainers_3_speaks()
    {
        string version = await DockerCli.RequireEngineAsync();
        Assert.True(Version.TryParse(version, out var api), $"docker API version '{version}'");
        Assert.True(api >= new Version(1, 41), $"the engine speaks API {api}; Testcontainers 3.10.0 needs 1.41 or later");
    }
}
