namespace Icp.Candid;

/// <summary>A value does not fit the type it is encoded at; <see cref="Path"/> says where in the value.</summary>
public sealed class CandidEncodeException : ArgumentException
{
    /// <summary>An error at a path such as <c>arg 0 / field 'amount'</c>.</summary>
    public CandidEncodeException(string message, string path) : base(path.Length == 0 ? message : $"{path}: {message}")
    {
        Path = path;
        Reason = message;
    }

    /// <summary>Where in the value the problem is.</summary>
    public string Path { get; }

    /// <summary>The message without the path.</summary>
    public string Reason { get; }

    // Paths are built only when an error unwinds through the containers, so encoding pays nothing for them.
    internal CandidEncodeException Within(string segment) => new(Reason, Path.Length == 0 ? segment : segment + (Path[0] is '.' or '[' ? "" : " / ") + Path);
}
