namespace Icp.Candid;

/// <summary>A binary Candid message could not be decoded: it is malformed, exceeds a limit, or does not
/// fit the expected types. <see cref="Offset"/> says where.</summary>
public class CandidDecodeException : Exception
{
    /// <summary>An error at a byte offset.</summary>
    public CandidDecodeException(string message, long offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
        Reason = message;
    }

    /// <summary>An error at a byte offset, with a cause.</summary>
    public CandidDecodeException(string message, long offset, Exception inner)
        : base($"{message} (at byte {offset})", inner)
    {
        Offset = offset;
        Reason = message;
    }

    /// <summary>The byte offset in the message where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The message without the offset.</summary>
    public string Reason { get; }
}

/// <summary>
/// The message is well formed, but a value does not fit the type it is decoded at (a <c>text</c> where a
/// <c>nat</c> is expected, a variant alternative the expected type lacks, a missing record field).
/// Decoding at an <c>opt</c> type recovers from this error by producing <c>null</c>, as the specification says.
/// </summary>
public sealed class CandidTypeMismatchException : CandidDecodeException
{
    /// <summary>A mismatch at a byte offset.</summary>
    public CandidTypeMismatchException(string message, long offset) : base(message, offset) { }
}
