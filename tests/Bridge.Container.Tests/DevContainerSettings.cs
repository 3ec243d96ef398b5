using Bridge.Service.Dev;

namespace Bridge.Container.Tests;

/// <summary>The environment of a bridge container against a <see cref="DevEnvironment"/> on the host, keys at <see cref="BridgeContainer.KeysPath"/>.</summary>
internal static class DevContainerSettings
{
    public static Dictionary<string, string> For(DevEnvironment dev, string networkId) => new()
    {
        ["Ic__Url"] = dev.Settings["Ic:Url"]!,
        ["Ic__RollupCanister"] = dev.RollupId.ToString(),
        ["Ic__RewardLedger"] = dev.LedgerId.ToString(),
        ["Ic__IsLocalNetwork"] = "true",
        ["Keys__Poster"] = $"{BridgeContainer.KeysPath}/poster.pem",
        ["Keys__Payout"] = $"{BridgeContainer.KeysPath}/payout.pem",
        ["Bridge__NetworkId"] = networkId,
        ["Bridge__Genesis"] = dev.Settings["Bridge:Genesis"]!,
        ["Rewards__FeeAccount"] = dev.Settings["Rewards:FeeAccount"]!,
    };
}
