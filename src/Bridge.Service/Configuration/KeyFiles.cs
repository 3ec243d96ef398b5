namespace Bridge.Service.Configuration;

/// <summary>Checks on files that hold secrets (identity PEM files, the admin key file).</summary>
internal static class KeyFiles
{
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The mode a secret file is created with: 0600.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Why <paramref name="path"/> is too open (group or others may read, write or run it: only 0600 or 0400 will do),
    /// or null. Windows has no such mode bits: null there.
    /// </summary>
    public static string? ModeProblem(string setting, string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) == 0) return null;
        return $"{setting}: the key file '{path}' is open to group or others (mode {Octal(mode)}); allow its owner only: chmod 600 '{path}'";
    }

    /// <summary>Writes a new secret file readable and writable by its owner only (0600 from the start, not after).</summary>
    public static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        writer.Write(text);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0b111_111_111, 8).PadLeft(3, '0');
}
