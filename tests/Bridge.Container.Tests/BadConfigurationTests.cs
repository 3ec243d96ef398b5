using Icp.Agent.Identities;

namespace Bridge.Container.Tests;

/// <summary>
/// A bridge container with one wrong setting (environment only) stops at once, non-zero, and its log names the key and
/// what is wrong with it. Everything else is valid, with real PEM files mounted, so the message is the one for that key.
/// </summary>
[Collection(BridgeImageCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BadConfigurationTests(BridgeImage image)
{
    [Theory]
    [InlineData("Ic__Url", null, "Ic:Url is required")]
    [InlineData("Ic__RollupCanister", "not-a-principal", "Ic:RollupCanister must be a canister id (it is 'not-a-principal')")]
    [InlineData("Keys__Poster", "/run/secrets/bridge/missing.pem", "Keys:Poster: no file '/run/secrets/bridge/missing.pem'")]
    [InlineData("Store__Provider", "mysql", "Store:Provider must be 'sqlite' or 'postgres' (it is 'mysql')")]
    [InlineData("Bridge__BatchInterval", "-00:00:01", "Bridge:BatchInterval must be positive")]
    public async Task A_container_with_a_bad_setting_exits_with_code_2_naming_the_key(string key, string? value, string message)
    {
        Assert.NotNull(image);
        string pems = Path.Combine(Path.GetTempPath(), "bridge-pems-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(pems);
        File.WriteAllText(Path.Combine(pems, "poster.pem"), Ed25519Identity.Generate().ToPem());
        File.WriteAllText(Path.Combine(pems, "payout.pem"), Ed25519Identity.Generate().ToPem());
        await using var keys = await KeyDirectory.CreateAsync(new Dictionary<string, string>
        {
            ["poster.pem"] = Path.Combine(pems, "poster.pem"),
            ["payout.pem"] = Path.Combine(pems, "payout.pem"),
        });
        Directory.Delete(pems, recursive: true);

        var environment = new Dictionary<string, string>
        {
            ["Ic__Url"] = "http://127.0.0.1:9",
            ["Ic__RollupCanister"] = "lxzze-o7777-77777-aaaaa-cai",
            ["Ic__RewardLedger"] = "ryjl3-tyaaa-aaaaa-aaaba-cai",
            ["Keys__Poster"] = $"{BridgeContainer.KeysPath}/poster.pem",
            ["Keys__Payout"] = $"{BridgeContainer.KeysPath}/payout.pem",
            ["Bridge__NetworkId"] = "emc-container",
            ["Bridge__Genesis"] = "2026-01-01T00:00:00Z",
            ["Rewards__FeeAccount"] = "2vxsx-fae",
        };
        if (value is null) environment.Remove(key);
        else environment[key] = value;

        await using var bridge = await BridgeContainer.StartAsync(environment, keys.Path, dataVolume: null);
        long code = await bridge.WaitForExitAsync(TimeSpan.FromMinutes(1));
        string logs = await bridge.LogsAsync();
        Assert.True(code == 2, $"exit code {code}, expected 2 (invalid configuration):\n{logs}");
        Assert.Contains("bridge: refusing to start, the configuration fails its checks:", logs);
        Assert.Contains(message, logs);
    }
}
