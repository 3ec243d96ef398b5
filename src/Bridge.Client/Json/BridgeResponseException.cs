namespace Bridge.Client.Json;

/// <summary>The bridge answered with a body or status this client does not understand (not a protocol problem answer).</summary>
public sealed class BridgeResponseException : Exception
{
    /// <summary>An exception with a message that says what was wrong and where.</summary>
    public BridgeResponseException(string message) : base(message)
    {
    }

    /// <summary>An exception with a message and its cause.</summary>
    public BridgeResponseException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
