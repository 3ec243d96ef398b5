namespace Bridge.Core.Signatures;

/// <summary>The implementations of <see cref="ISignatureVerifier"/> and the default one.</summary>
public static class SignatureVerifiers
{
    /// <summary>The fastest implementation measured (see <c>docs/benchmarks/bridge-core.md</c>): native libsodium and OpenSSL.</summary>
    public static ISignatureVerifier Default => NativeSignatureVerifier.Instance;

    /// <summary>Managed BouncyCastle, for platforms without the native libraries.</summary>
    public static ISignatureVerifier Managed => BouncyCastleSignatureVerifier.Instance;
}
