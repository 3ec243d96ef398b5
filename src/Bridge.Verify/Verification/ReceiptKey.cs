using System.Security.Cryptography;
using System.Text;
using Icp.Candid;

namespace Bridge.Verify.Verification;

/// <summary>A receipt's identity (provider, receipt_id) as a short fixed-size key: the first 16 bytes of
/// SHA-256(len(provider) ‖ provider ‖ receipt_id), hex. Kept per receipt in the report, so it stays small.</summary>
public static class ReceiptKey
{
    /// <summary>The key of (<paramref name="provider"/>, <paramref name="receiptId"/>).</summary>
    public static string Of(Principal provider, string receiptId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(receiptId);
        var bytes = provider.ToArray();
        var buffer = new byte[1 + bytes.Length + Encoding.UTF8.GetByteCount(receiptId)];
        buffer[0] = (byte)bytes.Length;
        bytes.CopyTo(buffer, 1);
        Encoding.UTF8.GetBytes(receiptId, buffer.AsSpan(1 + bytes.Length));
        return Convert.ToHexStringLower(SHA256.HashData(buffer).AsSpan(0, 16));
    }
}
