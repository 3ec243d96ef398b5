namespace Bridge.Core.Nodes;

/// <summary>The answer to one <c>POST /v1/nodes</c> (protocol section 2).</summary>
public sealed record RegistrationAnswer
{
    /// <summary>201 registered, 200 the same key and owner again, else a problem.</summary>
    public required int Status { get; init; }
    /// <summary>The problem's <c>code</c>, or <c>null</c> for 200 and 201.</summary>
    public string? Code { get; init; }
    /// <summary>The problem's <c>detail</c>, naming the field.</summary>
    public string? Detail { get; init; }
    /// <summary>The node to store (201) or already stored (200); <c>null</c> for problems.</summary>
    public RegisteredNode? Node { get; init; }

    /// <summary>True for 201: the node is new and must be stored.</summary>
    public bool IsNew => Status == 201;
}
