using System.Text;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;
using Icp.Agent.Hashing;

namespace Bridge.Core.Tests;

public class ReceiptVectorTests
{
    public static TheoryData<string> Receipts() => [.. Vectors.Array("receipts.json", "receipts").Select(r => r.Str("name"))];

    public static TheoryData<string, string> IntakeCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Vectors.Array("receipts.json", "intake"))
            foreach (var v in Vectors.VerifierNames) data.Add(c.Str("name"), v);
        return data;
    }

    [Fact]
    public void The_vectors_hold_127_intake_cases_and_10_receipts()
    {
        Assert.Equal(127, Vectors.Array("receipts.json", "intake").Count());
        Assert.Equal(10, Vectors.Array("receipts.json", "receipts").Count());
        Assert.Equal(27, Vectors.Array("registration.json", "cases").Count());
    }

    [Theory, MemberData(nameof(Receipts))]
    public void Receipt_parses_hashes_and_verifies(string name)
    {
        var r = Vectors.Array("receipts.json", "receipts").Single(x => x.Str("name") == name);
        var receipt = ReceiptParser.Parse(Encoding.UTF8.GetBytes(r.Str("body_text")));
        var fields = BridgeHashes.ReceiptFields(receipt).ToDictionary(f => f.Key, f => f.Value);
        var hashedFields = r.GetProperty("hashed_fields").EnumerateArray().ToList();
        Assert.Equal(hashedFields.Select(f => f.Str("key")).Order(), fields.Keys.Order());
        foreach (var f in hashedFields)
            Assert.Equal(f.Str("value_hash"), Convert.ToHexStringLower(RepresentationIndependentHash.HashValue(fields[f.Str("key")])));
        var hash = BridgeHashes.ReceiptHash(receipt);
        Assert.Equal(r.Str("receipt_hash"), Convert.ToHexStringLower(hash));
        var message = BridgeHashes.ReceiptMessage(hash);
        Assert.Equal(r.Str("signed_message"), Convert.ToHexStringLower(message));
        Assert.Equal(r.Str("fee_memo"), Convert.ToHexStringLower(BridgeHashes.FeeMemo(receipt)));
        foreach (var f in r.GetProperty("fee_memo_fields").EnumerateArray())
        {
            var value = f.Str("type") == "text" ? HashableValue.Text(f.Str("value")) : HashableValue.Blob(f.GetProperty("value").Hex());
            Assert.Equal(f.Str("value_hash"), Convert.ToHexStringLower(RepresentationIndependentHash.HashValue(value)));
        }
        var providerKey = Vectors.Array("principals.json", "keys").Single(k => k.Str("name") == r.Str("provider_key"));
        foreach (var v in Vectors.VerifierNames)
        {
            var verifier = Vectors.Verifier(v);
            Assert.True(verifier.Verify(BridgePublicKey.FromDer(providerKey.GetProperty("public_key_der").Hex()), message, receipt.ProviderSignature), v);
            if (receipt.IsCountersigned)
                Assert.True(verifier.Verify(BridgePublicKey.FromDer(receipt.RequesterPublicKey!), message, receipt.RequesterSignature!), v);
        }
        var context = Vectors.ReceiptContext(r.Str("context"), SignatureVerifiers.Default);
        var answer = ReceiptIntake.Decide("application/json", Encoding.UTF8.GetBytes(r.Str("body_text")), context);
        Assert.Equal(r.GetProperty("expected").GetProperty("status").GetInt32(), answer.Status);
    }

    [Theory, MemberData(nameof(IntakeCases))]
    public void Intake_case_gets_its_answer(string name, string verifier)
    {
        var c = Vectors.Array("receipts.json", "intake").Single(x => x.Str("name") == name);
        var context = Vectors.ReceiptContext(c.Str("context"), Vectors.Verifier(verifier));
        var answer = ReceiptIntake.Decide(Vectors.ContentType(c), Vectors.Body(c), context);
        var expected = c.GetProperty("expected");
        Assert.True(expected.GetProperty("status").GetInt32() == answer.Status, $"{name}: expected {expected}, got {answer.Status} {answer.Code} {answer.Detail}");
        if (expected.Opt("code") is { } code)
        {
            Assert.Equal(code.GetString(), answer.Code);
            Assert.False(string.IsNullOrEmpty(answer.Detail));
        }
        else
        {
            Assert.Null(answer.Code);
            var body = expected.GetProperty("body");
            Assert.Equal(body.Str("receipt_hash"), Convert.ToHexStringLower(answer.ReceiptHash!));
            Assert.Equal("accepted", body.Str("status"));
        }
    }

    [Fact]
    public void Every_intake_case_gets_its_answer_with_one_key_cache_kept_warm_across_all_of_them()
    {
        // Twice over the 127 cases with one cache: the second pass decides every case, including the bad signatures
        // and requester_key_mismatch ones, with every key already decoded by an earlier case.
        var keys = new BridgePublicKeyCache();
        var cases = Vectors.Array("receipts.json", "intake").ToList();
        for (int pass = 0; pass < 2; pass++)
            foreach (var c in cases)
            {
                var context = Vectors.ReceiptContext(c.Str("context"), SignatureVerifiers.Default) with { Keys = keys };
                var answer = ReceiptIntake.Decide(Vectors.ContentType(c), Vectors.Body(c), context);
                var expected = c.GetProperty("expected");
                Assert.True(expected.GetProperty("status").GetInt32() == answer.Status, $"pass {pass}, {c.Str("name")}: expected {expected}, got {answer.Status} {answer.Code}");
                Assert.Equal(expected.Opt("code")?.GetString(), answer.Code);
            }
        Assert.InRange(keys.Count, 2, 100);
    }
}
