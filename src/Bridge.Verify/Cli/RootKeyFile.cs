using Icp.Agent.Certification;

namespace Bridge.Verify.Cli;

/// <summary>Reads a root key file: DER (133 bytes) or raw (96 bytes), as bytes or as hex text.</summary>
public static class RootKeyFile
{
    /// <summary>The key in <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file holds no BLS root key.</exception>
    public static BlsPublicKey Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 4096) throw new FormatException($"{path}: {bytes.Length} bytes is too long for a root key");
        string text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        if (text.Length > 0 && text.All(Uri.IsHexDigit) && text.Length % 2 == 0) bytes = Convert.FromHexString(text);
        return bytes.Length == 96 ? BlsPublicKey.FromRaw(bytes) : BlsPublicKey.FromDer(bytes);
    }
}
