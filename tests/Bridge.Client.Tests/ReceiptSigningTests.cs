using System.Text;
using Bridge.Client.Fees;
using Bridge.Client.Json;
using Bridge.Client.Keys;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;

namespace Bridge.Client.Tests;

/// <summary>Receipts signed by the client against the vectors of receipts.json: the same hashes, messages, memos and,
/// for Ed25519, the same signatures byte for byte; secp256k1 signatures verify strictly and have low S.</summary>
public sealed class ReceiptSigningTests
{
    /// <summary>The vector's receipt with its signatures and requester key taken off, as a node would build it.</summary>
    private static Receipt Unsigned(string name) =>
        ReceiptParser.Parse(Encoding.UTF8.GetBytes((string)Vectors.Receipt(name)["body_text"]!)) with
        {
            ProviderSignature = [], RequesterPublicKey = null, RequesterSignature = null,
        };

    public static IEnumerable<object[]> Ed25519Countersigned() => Vectors.Receipts
        .Where(r => Vectors.KeyType((string)r["provider_key"]!) == "ed25519")
        .Select(r => new object[] { (string)r["name"]! });

    public static IEnumerable<object[]> WithSecp256k1Signer() => Vectors.Receipts
        .Where(r => Vectors.KeyType((string)r["provider_key"]!) == "secp256k1"
            || (r["requester_key"] is { } k && Vectors.KeyType((string)k!) == "secp256k1"))
        .Select(r => new object[] { (string)r["name"]! });

    [Theory]
    [MemberData(nameof(Vectors.ReceiptNames), MemberType = typeof(Vectors))]
    public void Hash_message_and_fee_memo_equal_the_vectors(string name)
    {
        var vector = Vectors.Receipt(name);
        var receipt = Unsigned(name);
        Assert.Equal((string)vector["receipt_hash"]!, Convert.ToHexStringLower(ReceiptSigning.Hash(receipt)));
        Assert.Equal((string)vector["signed_message"]!, Convert.ToHexStringLower(ReceiptSigning.Message(receipt)));
        Assert.Equal((string)vector["fee_memo"]!, Convert.ToHexStringLower(ReceiptSigning.FeeMemo(receipt)));
        Assert.Equal((string)vector["fee_memo"]!, Convert.ToHexStringLower(RequesterFees.Memo(receipt.NetworkId, receipt.Provider, receipt.ReceiptId)));
    }

    [Theory]
    [MemberData(nameof(Ed25519Countersigned))]
    public void Ed25519_signatures_equal_the_vectors_byte_for_byte(string name)
    {
        var vector = Vectors.Receipt(name);
        var signed = ReceiptSigning.SignAsProvider(Unsigned(name), Vectors.Key((string)vector["provider_key"]!));
        Assert.Equal((string)vector["provider_signature"]!, Convert.ToHexStringLower(signed.ProviderSignature));
        if (vector["requester_key"] is { } requester && Vectors.KeyType((string)requester!) == "ed25519")
        {
            var countersigned = ReceiptSigning.Countersign(signed, Vectors.Key((string)requester!));
            Assert.Equal((string)vector["requester_signature"]!, Convert.ToHexStringLower(countersigned.RequesterSignature!));
            Assert.Equal(((string)vector["body"]!["requester_public_key"]!).ToLowerInvariant(), Convert.ToHexStringLower(countersigned.RequesterPublicKey!));
        }
    }

    [Theory]
    [MemberData(nameof(WithSecp256k1Signer))]
    public void Secp256k1_signatures_verify_strictly_and_have_low_s(string name)
    {
        var vector = Vectors.Receipt(name);
        var receipt = ReceiptSigning.SignAsProvider(Unsigned(name), Vectors.Key((string)vector["provider_key"]!));
        receipt = ReceiptSigning.Countersign(receipt, Vectors.Key((string)vector["requester_key"]!));
        var message = ReceiptSigning.Message(receipt);
        foreach (var (der, signature) in new[] { (receipt.RequesterPublicKey!, receipt.RequesterSignature!), (Vectors.Key((string)vector["provider_key"]!).PublicKeyDer, receipt.ProviderSignature) })
        {
            var key = BridgePublicKey.FromDer(der);
            Assert.True(SignatureVerifiers.Default.Verify(key, message, signature));
            Assert.True(SignatureVerifiers.Managed.Verify(key, message, signature));
            if (key.Kind != PublicKeyKind.Secp256k1) continue;
            Assert.Equal(64, signature.Length);
            Assert.True(Vectors.IsLowS(signature));
        }
    }

    [Theory]
    [InlineData("r1-ed25519-countersigned-subaccount")]
    [InlineData("r2-ed25519-provider-only")]
    public void The_body_of_a_signed_receipt_is_the_vectors_body_text(string name)
    {
        var vector = Vectors.Receipt(name);
        var receipt = ReceiptSigning.SignAsProvider(Unsigned(name), Vectors.Key((string)vector["provider_key"]!));
        if (vector["requester_key"] is { } requester) receipt = ReceiptSigning.Countersign(receipt, Vectors.Key((string)requester!));
        Assert.Equal((string)vector["body_text"]!, Encoding.UTF8.GetString(BridgeJson.Receipt(receipt)));
    }

    [Theory]
    [MemberData(nameof(Vectors.ReceiptNames), MemberType = typeof(Vectors))]
    public void Bodies_parse_back_to_the_same_receipt(string name)
    {
        var vector = Vectors.Receipt(name);
        var original = ReceiptParser.Parse(Encoding.UTF8.GetBytes((string)vector["body_text"]!));
        var parsed = ReceiptParser.Parse(BridgeJson.Receipt(original));
        Assert.Equal(ReceiptSigning.Hash(original), ReceiptSigning.Hash(parsed));
        Assert.Equal(original.ProviderSignature, parsed.ProviderSignature);
        Assert.Equal(original.RequesterPublicKey, parsed.RequesterPublicKey);
        Assert.Equal(original.RequesterSignature, parsed.RequesterSignature);
        Assert.Equal(original.RequesterSubaccount, parsed.RequesterSubaccount);
    }

    [Fact]
    public void Signing_with_a_key_that_is_not_the_provider_or_requester_is_refused()
    {
        var receipt = Unsigned("r1-ed25519-countersigned-subaccount");
        var stranger = Vectors.Key("stranger");
        Assert.Throws<ArgumentException>(() => ReceiptSigning.SignAsProvider(receipt, stranger));
        Assert.Throws<ArgumentException>(() => ReceiptSigning.Countersign(receipt, stranger));
    }
}
