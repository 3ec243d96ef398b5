namespace Bridge.Container.Tests;

/// <summary>A bridge container whose configuration is incomplete or wrong stops at once, non-zero, saying which key is wrong.</summary>
[Collection(BridgeImageCollection.Name)]
public sealed class BadConfigurationTests(BridgeImage image)
{
    [Fact]
    public async Task A_container_without_the_IC_settings_exits_non_zero_naming_them()
    {
        Assert.NotNull(image);
        await using var bridge = await BridgeContainer.StartAsync(new Dictionary<string, string>(), keysDirectory: null, dataVolume: null);
        long code = await bridge.WaitForExitAsync(TimeSpan.FromMinutes(1));
        string logs = await bridge.LogsAsync();
        Assert.NotEqual(0, code);
        Assert.Contains("Ic:Url is required", logs);
        Assert.Contains("Ic:RollupCanister must be a canister id", logs);
    }

    [Fact]
    public async Task A_container_with_a_missing_key_file_and_a_bad_store_provider_exits_non_zero_naming_both()
    {
        Assert.NotNull(image);
        var environment = new Dictionary<string, string>
        {
            ["Ic__Url"] = "http://127.0.0.1:9",
            ["Ic__RollupCanister"] = "lxzze-o7777-77777-aaaaa-cai",
            ["Ic__RewardLedger"] = "ryjl3-tyaaa-aaaaa-aaaba-cai",
            ["Keys__Poster"] = "/run/secrets/bridge/poster.pem",
            ["Keys__Payout"] = "/run/secrets/bridge/payout.pem",
            ["Store__Provider"] = "mysql",
            ["Bridge__NetworkId"] = "emc-container",
            ["Bridge__Genesis"] = "2026-01-01T00:00:00Z",
            ["Rewards__FeeAccount"] = "2vxsx-fae",
        };
        await using var bridge = await BridgeContainer.StartAsync(environment, keysDirectory: null, dataVolume: null);
        long code = await bridge.WaitForExitAsync(TimeSpan.FromMinutes(1));
        string logs = await bridge.LogsAsync();
        Assert.NotEqual(0, code);
        Assert.Contains("Keys:Poster: no file '/run/secrets/bridge/poster.pem'", logs);
        Assert.Contains("Store:Provider must be 'sqlite' or 'postgres' (it is 'mysql')", logs);
    }
}
