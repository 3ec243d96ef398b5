namespace Bridge.Core.Protocol;

/// <summary>
/// A request body the protocol calls <c>malformed</c> (400): not JSON, a field missing, unknown, repeated or of the
/// wrong type, bad hex or principal text, or a limit broken. The only exception the body parsers throw.
/// </summary>
public sealed class MalformedBodyException : FormatException
{
    /// <summary>A malformed body.</summary>
    /// <param name="field">The JSON member at fault (<c>null</c> when the body as a whole is at fault).</param>
    /// <param name="offset">The byte offset in the body where the fault was found, when known.</param>
    /// <param name="reason">What is wrong, for the problem's <c>detail</c>.</param>
    public MalformedBodyException(string? field, long? offset, string reason)
        : base(Describe(field, offset, reason))
    {
        Field = field;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The JSON member at fault, or <c>null</c> for the body as a whole.</summary>
    public string? Field { get; }

    /// <summary>The byte offset in the body, when known.</summary>
    public long? Offset { get; }

    /// <summary>What is wrong, without the field name.</summary>
    public string Reason { get; }

    private static string Describe(string? field, long? offset, string reason)
    {
        var where = field is null ? "body" : $"field '{field}'";
        return offset is { } o ? $"{where} (byte {o}): {reason}" : $"{where}: {reason}";
    }
}
