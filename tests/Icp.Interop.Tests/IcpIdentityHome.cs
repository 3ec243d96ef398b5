namespace Icp.Interop.Tests;

/// <summary>
/// A throw-away home folder for the icp CLI, so identities can be imported without touching the developer's own
/// configuration: HOME and the XDG folders point into a temporary directory that is deleted on dispose. Keys are
/// stored in plaintext there (no keyring, no password prompt).
/// </summary>
public sealed class IcpIdentityHome : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("icp-home-");

    public IcpIdentityHome(InteropTools tools) => Tools = tools;

    public InteropTools Tools { get; }

    private IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = _root.FullName,
        ["XDG_CONFIG_HOME"] = Path.Combine(_root.FullName, ".config"),
        ["XDG_DATA_HOME"] = Path.Combine(_root.FullName, ".local", "share"),
        ["XDG_CACHE_HOME"] = Path.Combine(_root.FullName, ".cache"),
        ["DO_NOT_TRACK"] = "1",
        ["RUST_BACKTRACE"] = "0",
        ["NO_COLOR"] = "1",
    };

    /// <summary><c>icp identity import --storage plaintext --from-pem FILE NAME</c>.</summary>
    public async Task ImportPemAsync(string name, string pem)
    {
        var file = Path.Combine(_root.FullName, name + ".pem");
        await File.WriteAllTextAsync(file, pem);
        await ToolProcess.RunAsync(Tools.IcpPath, ["identity", "import", "--storage", "plaintext", "--from-pem", file, name], Tools.Timeout, _root.FullName, Environment);
    }

    /// <summary><c>icp identity principal --identity NAME</c>.</summary>
    public async Task<string> PrincipalAsync(string name)
    {
        var result = await ToolProcess.RunAsync(Tools.IcpPath, ["identity", "principal", "--identity", name], Tools.Timeout, _root.FullName, Environment);
        return result.Stdout.Trim();
    }

    /// <summary>As <see cref="InteropTools.IcpSignOnly"/>, signed by the imported identity <paramref name="name"/>.</summary>
    public async Task<string> SignOnlyAsync(string name, string canisterId, string method, string candidInterface, string args, bool query = false)
    {
        var did = Path.Combine(_root.FullName, "interface.did");
        await File.WriteAllTextAsync(did, candidInterface);
        var argv = new List<string>
        {
            "canister", "call", canisterId, method, args, "--candid", did, "--identity", name,
            "--sign-only", "-", "--network", InteropTools.UnreachableNetwork, "--root-key", InteropTools.MainnetRootKeyHex,
        };
        if (query) argv.Add("--query");
        var result = await ToolProcess.RunAsync(Tools.IcpPath, argv, Tools.Timeout, _root.FullName, Environment);
        return result.Stdout;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
