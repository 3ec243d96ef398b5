namespace Icp.Candid.Tests.Properties;

/// <summary>
/// Round trips over random types and values (see <see cref="RandomCandid"/>; seeds are fixed, so a failure
/// reproduces): binary typed and untyped, text printer and parser, and decoding at a supertype.
/// </summary>
public class RoundTripPropertyTests
{
    private const int Cases = 5000;

    /// <summary>Runs <paramref name="property"/> for seeds 0..Cases-1 of a family; reports the seed, types and values of a failure.</summary>
    private static void ForAll(int family, Action<RandomCandid, IReadOnlyList<CandidType>, IReadOnlyList<CandidValue>> property, bool finiteFloats = false)
    {
        for (int i = 0; i < Cases; i++)
        {
            int seed = family * 1_000_000 + i;
            var g = new RandomCandid(seed) { FiniteFloats = finiteFloats };
            var types = Enumerable.Range(0, 1 + g.Rng.Next(3)).Select(_ => g.Type()).ToArray();
            var values = types.Select(t => g.Value(t)).ToArray();
            try
            {
                property(g, types, values);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"property failed at {g.Describe(types, values)}\n{e}");
            }
        }
    }

    [Fact]
    public void Typed_decoding_of_the_encoding_gives_the_value()
    {
        ForAll(1, (_, types, values) =>
        {
            var bytes = CandidEncoder.Encode(types, values);
            Assert.Equal(values, CandidDecoder.Decode(bytes, types));
        });
    }

    [Fact]
    public void Untyped_decoding_gives_the_value_up_to_field_names()
    {
        ForAll(2, (_, types, values) =>
        {
            var bytes = CandidEncoder.Encode(types, values);
            var untyped = CandidDecoder.Decode(bytes);
            Assert.Equal(types.Count, untyped.Count);
            // Names are lost on the wire, ids are not: re-encoding at the original types gives the same message.
            var again = CandidEncoder.Encode(types, untyped);
            Assert.Equal(Convert.ToHexStringLower(bytes), Convert.ToHexStringLower(again));
            Assert.Equal(values, CandidDecoder.Decode(again, types));
            // And the untyped values equal the originals, since values compare labels by id.
            Assert.Equal(values, untyped);
        });
    }

    [Fact]
    public void Printed_text_parses_back_to_the_value()
    {
        ForAll(3, (_, types, values) =>
        {
            var text = CandidValuePrinter.PrintArguments(values, types);
            Assert.Equal(values, CandidValueParser.ParseArguments(text, types));
            var indented = CandidValuePrinter.PrintArguments(values, types, indent: true);
            Assert.Equal(values, CandidValueParser.ParseArguments(indented, types));
        }, finiteFloats: true);
    }

    [Fact]
    public void Decoding_at_a_record_with_an_extra_opt_field_gives_null_there()
    {
        for (int i = 0; i < Cases; i++)
        {
            var g = new RandomCandid(4_000_000 + i);
            var sent = g.Record(4);
            var value = g.Value(sent);
            // A supertype: every field of the sent record, plus one more of type opt X with a fresh id.
            var taken = sent.Fields.Select(f => f.Label.Id).ToHashSet();
            var extra = g.Fields(3, 1, taken)[0];
            var extraOpt = new CandidField(extra.Label, CandidType.Opt(extra.Type));
            var wanted = CandidType.Record([.. sent.Fields, extraOpt]);
            try
            {
                var bytes = CandidEncoder.Encode([sent], [value]);
                var decoded = (CandidRecordValue)CandidDecoder.Decode(bytes, [wanted])[0];
                Assert.Equal(CandidValue.None, decoded[extra.Label]);
                Assert.Equal(value, CandidValue.Record(decoded.Fields.Where(f => f.Label.Id != extra.Label.Id).ToArray()));

                // An extra trailing argument of an opt type is null too.
                var two = CandidDecoder.Decode(bytes, [wanted, extraOpt.Type]);
                Assert.Equal(CandidValue.None, two[1]);
                Assert.True(CandidSubtyping.IsSubtype(sent, wanted), "the sent record is a subtype of the wanted one");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"property failed at {g.Describe([sent, wanted], null)}\nvalue: {CandidValuePrinter.Print(value, sent)}\n{e}");
            }
        }
    }
}
