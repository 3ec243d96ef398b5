namespace Bridge.Service.Store;

/// <summary>A registered GPU node: its principal (the provider id), DER public key and reward owner.</summary>
/// <param name="Provider">The self-authenticating principal of the key, as bytes.</param>
/// <param name="PublicKey">The DER SubjectPublicKeyInfo the node registered.</param>
/// <param name="Owner">The principal (bytes) whose default account receives the provider's rewards.</param>
/// <param name="RegisteredNs">When the bridge stored the registration (ns since the Unix epoch).</param>
public sealed record NodeRecord(byte[] Provider, byte[] PublicKey, byte[] Owner, ulong RegisteredNs);
