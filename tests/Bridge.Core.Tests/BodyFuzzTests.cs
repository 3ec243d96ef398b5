using System.Text;
using System.Text.Json.Nodes;
using Bridge.Core.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;

namespace Bridge.Core.Tests;

/// <summary>Hostile bodies: structure-aware mutations of the vectors' bodies. The parsers answer or throw
/// <see cref="MalformedBodyException"/> only, and allocate in proportion to the body.</summary>
public class BodyFuzzTests
{
    private static readonly string[] Hostile =
    [
        "null", "true", "0", "-0", "1e400", "-1", "1.5", "9007199254740992", "9007199254740991", "1e15", "0.1e1",
        "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"00\"", "\"+1\"", "\"1e3\"", "\" 1\"", "\"ZZ\"", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]",
        "{\"a\":1}", "\"" + new string('9', 5000) + "\"", "\"" + new string('0', 3000) + "1\"", "1" + new string('0', 400),
        "0." + new string('0', 3000) + "1", "1e-99999999999999", "\"aaaaa-aa\"", "\"2vxsx-fae\"", "\"\\u0041\"",
    ];

    private static IEnumerable<string> Mutations(string body, Random random)
    {
        var obj = JsonNode.Parse(body)!.AsObject();
        var names = obj.Select(p => p.Key).ToList();
        foreach (var name in names)
        {
            var copy = JsonNode.Parse(body)!.AsObject();
            copy.Remove(name);
            yield return copy.ToJsonString();
            foreach (var value in Hostile.OrderBy(_ => random.Next()).Take(6))
            {
                var text = copy.ToJsonString();
                yield return text.Insert(1, $"\"{name}\":{value},");
            }
            // A repeated member, with the same value.
            yield return body.Insert(1, $"\"{name}\":{obj[name]?.ToJsonString() ?? "null"},");
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        for (int i = 0; i < 40; i++)
        {
            var mutated = (byte[])bytes.Clone();
            for (int k = random.Next(1, 4); k > 0; k--) mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            yield return Encoding.Latin1.GetString(mutated);
            yield return body[..random.Next(body.Length)];
        }
        yield return "[" + body + "]";
        yield return body + body;
        yield return new string('[', 10_000);
        yield return "{" + string.Concat(Enumerable.Repeat("\"x\":1,", 5000)) + "\"y\":2}";
    }

    private static void AssertBounded(Func<int> run, int length)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * length + 256 * 1024, $"{allocated} bytes allocated for a body of {length}");
    }

    [Fact]
    public void Mutated_receipt_bodies_answer_with_a_documented_status()
    {
        var random = new Random(20261129);
        var context = Vectors.ReceiptContext("main", Signatures.SignatureVerifiers.Default);
        int[] allowed = [200, 202, 400, 409, 413, 415, 422];
        int total = 0;
        foreach (var r in Vectors.Array("receipts.json", "receipts"))
            foreach (var text in Mutations(r.Str("body_text"), random))
            {
                var body = Encoding.Latin1.GetBytes(text).Length == text.Length && text.Any(c => c > 127) ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
                AssertBounded(() =>
                {
                    try { ReceiptParser.Parse(body); }
                    catch (MalformedBodyException e) { Assert.False(string.IsNullOrEmpty(e.Reason)); }
                    return 0;
                }, body.Length);
                var answer = ReceiptIntake.Decide("application/json", body, context);
                Assert.Contains(answer.Status, allowed);
                total++;
            }
        Assert.True(total > 1000, $"{total} bodies");
    }

    [Fact]
    public void Mutated_registration_bodies_answer_with_a_documented_status()
    {
        var random = new Random(7);
        int[] allowed = [200, 201, 400, 409, 413, 415, 422];
        foreach (var r in Vectors.Array("registration.json", "registrations"))
            foreach (var text in Mutations(r.GetProperty("body").GetRawText(), random))
            {
                var body = Encoding.UTF8.GetBytes(text);
                AssertBounded(() =>
                {
                    try { RegistrationParser.Parse(body); }
                    catch (MalformedBodyException e) { Assert.False(string.IsNullOrEmpty(e.Reason)); }
                    return 0;
                }, body.Length);
                Assert.Contains(RegistrationIntake.Decide("application/json", body, "emc-local", _ => null).Status, allowed);
            }
    }

    [Fact]
    public void Batch_bodies_answer_per_item_or_as_a_whole()
    {
        var context = Vectors.ReceiptContext("main", Signatures.SignatureVerifiers.Default);
        var receipts = Vectors.Array("receipts.json", "receipts").Select(r => r.Str("body_text")).ToList();
        var ok = ReceiptIntake.DecideBatch("application/json", Encoding.UTF8.GetBytes("[" + receipts[0] + ",{\"x\":1}," + receipts[1] + "]"), context);
        Assert.Equal(200, ok.Status);
        Assert.Equal([202, 400, 202], ok.Items.Select(i => i.Status));
        Assert.Equal(400, ReceiptIntake.DecideBatch("application/json", "[]"u8, context).Status);
        Assert.Equal(400, ReceiptIntake.DecideBatch("application/json", "[1]"u8, context).Status);
        Assert.Equal(400, ReceiptIntake.DecideBatch("application/json", "{}"u8, context).Status);
        Assert.Equal(415, ReceiptIntake.DecideBatch("text/json", "[{}]"u8, context).Status);
        var tooMany = "[" + string.Join(",", Enumerable.Repeat("{}", 1001)) + "]";
        Assert.Equal(400, ReceiptIntake.DecideBatch("application/json", Encoding.UTF8.GetBytes(tooMany), context).Status);
    }
}
