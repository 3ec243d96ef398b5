namespace Bridge.Container.Tests;

/// <summary>
/// A host directory with the bridge's PEM files for a read-only mount: owned by the image's user and readable by it
/// alone (0400), as a deployment should hand keys to the container.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class KeyDirectory : IAsyncDisposable
{
    private KeyDirectory(string path) => Path = path;

    public string Path { get; }

    public static async Task<KeyDirectory> CreateAsync(IReadOnlyDictionary<string, string> pemFiles)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bridge-keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        bool root = Environment.UserName == "root";
        foreach (var (name, source) in pemFiles)
        {
            string file = System.IO.Path.Combine(path, name);
            File.Copy(source, file);
            if (root)
            {
                // Only root can give the file to the container's uid; then no one else needs to read it.
                var (code, output) = await ProcessRunner.RunAsync("chown", [$"{BridgeImage.AppUid}:{BridgeImage.AppUid}", file], TimeSpan.FromSeconds(30));
                if (code != 0) throw new InvalidOperationException($"chown {file} failed: {output}");
                File.SetUnixFileMode(file, UnixFileMode.UserRead);
            }
            else
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
        return new KeyDirectory(path);
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
