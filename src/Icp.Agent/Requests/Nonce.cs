using System.Security.Cryptography;

namespace Icp.Agent.Requests;

/// <summary>Request nonces: random bytes that keep two otherwise identical calls from sharing a request id.</summary>
public static class Nonce
{
    /// <summary>16 random bytes.</summary>
    public static byte[] Generate() => RandomNumberGenerator.GetBytes(16);
}
