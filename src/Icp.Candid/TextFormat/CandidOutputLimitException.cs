namespace Icp.Candid;

/// <summary>
/// The text of a value would be longer than the limit the caller set. A decoded value can print millions of
/// times larger than its message (a <c>vec</c> of <c>record {}</c>), so printers of untrusted values set one.
/// </summary>
public sealed class CandidOutputLimitException : Exception
{
    /// <summary>Printing stopped at <paramref name="limit"/> characters.</summary>
    public CandidOutputLimitException(long limit)
        : base($"the text is longer than the limit of {limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters")
    {
        Limit = limit;
    }

    /// <summary>The most characters the caller allowed.</summary>
    public long Limit { get; }
}
