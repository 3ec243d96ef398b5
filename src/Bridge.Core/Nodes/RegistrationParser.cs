using Bridge.Core.Protocol;

namespace Bridge.Core.Nodes;

/// <summary>Reads a registration's JSON body by the rules of protocol sections 1 and 2.</summary>
public static class RegistrationParser
{
    private static readonly string[] Names = ["network_id", "public_key", "owner", "signature"];

    /// <summary>Parses one registration body (UTF-8 JSON).</summary>
    /// <exception cref="MalformedBodyException">The body is malformed; the exception names the field.</exception>
    public static NodeRegistration Parse(ReadOnlySpan<byte> utf8Json)
    {
        var r = new JsonBodyReader(utf8Json, Names);
        string? networkId = null;
        byte[]? key = null, signature = null;
        Icp.Candid.Principal? owner = null;
        while (r.Next(out int i))
        {
            if (r.IsNull) throw r.Malformed(r.Field, "null where a value is required");
            switch (i)
            {
                case 0: networkId = r.Text(1, ProtocolLimits.MaxNetworkIdBytes); break;
                case 1: key = r.Hex(); break;
                case 2: owner = r.Principal(); break;
                case 3: signature = r.Hex(); break;
            }
        }
        r.RequireAll(0b1111);
        return new NodeRegistration { NetworkId = networkId!, PublicKey = key!, Owner = owner!, Signature = signature! };
    }
}
