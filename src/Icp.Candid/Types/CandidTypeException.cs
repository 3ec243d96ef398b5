namespace Icp.Candid;

/// <summary>A type is not well formed: a field id collision, an unbound or cyclic name, a oneway function with results.</summary>
public class CandidTypeException : Exception
{
    /// <summary>An error with a message.</summary>
    public CandidTypeException(string message) : base(message) { }

    /// <summary>An error with a message and a cause.</summary>
    public CandidTypeException(string message, Exception inner) : base(message, inner) { }
}
