namespace Icp.Replica;

/// <summary>A module could not be installed: it is malformed, imports something the replica does not provide, or its init trapped.</summary>
public sealed class CanisterInstallException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the module.</param>
    public CanisterInstallException(string message) : base(message) { }
}
