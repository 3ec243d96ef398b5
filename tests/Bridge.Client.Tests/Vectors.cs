using System.Text.Json.Nodes;
using Bridge.Client.Keys;
using Icp.Agent.Identities;
using Icp.Testing;

namespace Bridge.Client.Tests;

/// <summary>The bridge vectors (<c>../shared/conformance/bridge</c>) and their fixed keys.</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonObject> ReceiptsFile = new(() => Load("receipts.json"));
    private static readonly Lazy<JsonObject> RegistrationFile = new(() => Load("registration.json"));
    private static readonly Lazy<JsonObject> PrincipalsFile = new(() => Load("principals.json"));
    private static readonly Lazy<JsonObject> LeafFile = new(() => Load("leaf.json"));

    public static IEnumerable<JsonObject> Receipts => ReceiptsFile.Value["receipts"]!.AsArray().Select(n => n!.AsObject());

    public static JsonObject Receipt(string name) => Receipts.Single(r => (string)r["name"]! == name);

    public static IEnumerable<JsonObject> Registrations => RegistrationFile.Value["registrations"]!.AsArray().Select(n => n!.AsObject());

    public static JsonObject LeafBatch => LeafFile.Value["batch"]!.AsObject();

    public static string NetworkId => (string)ReceiptsFile.Value["network_id"]!;

    /// <summary>The key named <paramref name="name"/> in principals.json, made from its fixed secret.</summary>
    public static BridgeKey Key(string name)
    {
        var key = PrincipalsFile.Value["keys"]!.AsArray().Single(k => (string)k!["name"]! == name)!;
        var secret = Convert.FromHexString((string)key["secret"]!);
        IIdentity identity = (string)key["type"]! switch
        {
            "ed25519" => Ed25519Identity.FromSeed(secret),
            "secp256k1" => Secp256k1Identity.FromPrivateKey(secret),
            var t => throw new InvalidOperationException($"unknown key type {t}"),
        };
        var bridgeKey = BridgeKey.FromIdentity(identity);
        Assert.Equal((string)key["public_key_der"]!, Convert.ToHexStringLower(bridgeKey.PublicKeyDer));
        return bridgeKey;
    }

    public static string KeyType(string name) =>
        (string)PrincipalsFile.Value["keys"]!.AsArray().Single(k => (string)k!["name"]! == name)!["type"]!;

    private static readonly System.Numerics.BigInteger Secp256k1Order = System.Numerics.BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    /// <summary>A 64-byte r ‖ s signature whose s is in [1, n/2].</summary>
    public static bool IsLowS(byte[] signature)
    {
        if (signature.Length != 64) return false;
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        return s >= 1 && s <= Secp256k1Order / 2;
    }

    public static IEnumerable<object[]> ReceiptNames() => Receipts.Select(r => new object[] { (string)r["name"]! });

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.ConformanceFolder("bridge"), name)))!.AsObject();
}
