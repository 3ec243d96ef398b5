using System.Text.Json;
using Bridge.Core.Protocol;

namespace Bridge.Core.Receipts;

/// <summary>The body of <c>POST /v1/receipts/batch</c>: a JSON array of 1–1,000 receipt objects.</summary>
public static class ReceiptBatchBody
{
    /// <summary>The byte ranges of the array's items, each to be parsed alone with <see cref="ReceiptParser.Parse"/>.</summary>
    /// <exception cref="MalformedBodyException">Not a JSON array of 1–1,000 objects.</exception>
    public static IReadOnlyList<Range> Split(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
        var items = new List<Range>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new MalformedBodyException(null, 0, "the body is not a JSON array");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw new MalformedBodyException($"[{items.Count}]", reader.TokenStartIndex, "an item is not a JSON object");
                if (items.Count == ProtocolLimits.MaxBatchItems)
                    throw new MalformedBodyException(null, reader.TokenStartIndex, $"more than {ProtocolLimits.MaxBatchItems} items");
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                items.Add(start..(int)reader.BytesConsumed);
            }
            if (reader.Read()) throw new MalformedBodyException(null, reader.TokenStartIndex, "content after the JSON array");
        }
        catch (JsonException e)
        {
            throw new MalformedBodyException(null, reader.BytesConsumed, $"not JSON: {e.Message}");
        }
        if (items.Count == 0) throw new MalformedBodyException(null, 0, "an empty array; send 1 to 1,000 receipts");
        return items;
    }
}
