namespace Icp.Agent.Certification;

/// <summary>
/// A BLS12-381 G2 public key of the IC (root key, subnet keys) in its DER form: a fixed 37-byte
/// SubjectPublicKeyInfo prefix (algorithm OID 1.3.6.1.4.1.44668.5.3.1.2.1, curve OID 1.3.6.1.4.1.44668.5.3.2.1)
/// followed by the 96-byte compressed point.
/// </summary>
public sealed class BlsPublicKey : IEquatable<BlsPublicKey>
{
    /// <summary>Length of the DER form.</summary>
    public const int DerLength = 133;

    /// <summary>Length of the raw compressed G2 point.</summary>
    public const int RawLength = 96;

    // Declared before MainnetRootKey so it is initialised first.
    private static readonly byte[] Prefix = Convert.FromHexString("308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");

    private readonly byte[] _der;

    private BlsPublicKey(byte[] der) => _der = der;

    /// <summary>The 37-byte DER prefix every IC BLS public key starts with.</summary>
    public static ReadOnlySpan<byte> DerPrefix => Prefix;

    /// <summary>The IC mainnet root key (as agent-rs and icp-js-core hard-code it).</summary>
    public static BlsPublicKey MainnetRootKey { get; } = FromDer(Convert.FromHexString(
        "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae"));

    /// <summary>Parses the DER form, checking its length and prefix.</summary>
    /// <exception cref="FormatException">Not 133 bytes or a different prefix.</exception>
    public static BlsPublicKey FromDer(ReadOnlySpan<byte> der)
    {
        if (der.Length != DerLength) throw new FormatException($"a DER BLS public key has {DerLength} bytes, not {der.Length}");
        if (!der[..DerPrefix.Length].SequenceEqual(DerPrefix)) throw new FormatException("not a DER BLS12-381 G2 public key: unexpected algorithm prefix");
        return new BlsPublicKey(der.ToArray());
    }

    /// <summary>Wraps a raw 96-byte point in the DER form.</summary>
    /// <exception cref="FormatException">Not 96 bytes.</exception>
    public static BlsPublicKey FromRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != RawLength) throw new FormatException($"a raw BLS public key has {RawLength} bytes, not {raw.Length}");
        return new BlsPublicKey([.. DerPrefix, .. raw]);
    }

    /// <summary>The 133-byte DER form.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The raw 96-byte compressed G2 point (what <see cref="IBlsVerifier"/> takes).</summary>
    public ReadOnlySpan<byte> Raw => _der.AsSpan(DerLength - RawLength);

    /// <summary>The self-authenticating principal of the key: a subnet's id (the root key's is the root subnet id).</summary>
    public Icp.Candid.Principal SelfAuthenticatingPrincipal => Icp.Candid.Principal.SelfAuthenticating(_der);

    /// <inheritdoc />
    public bool Equals(BlsPublicKey? other) => other is not null && _der.AsSpan().SequenceEqual(other._der);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BlsPublicKey k && Equals(k);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_der, DerLength - 4);

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexStringLower(_der);
}
