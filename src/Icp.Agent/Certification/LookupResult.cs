namespace Icp.Agent.Certification;

/// <summary>The outcome of looking a path up in a hash tree, as the spec's <c>lookup_path</c> defines it.</summary>
public enum LookupStatus
{
    /// <summary>The path leads to a value (or, for a subtree lookup, to a node).</summary>
    Found,

    /// <summary>The tree proves that the path does not exist.</summary>
    Absent,

    /// <summary>A pruned part of the tree could hide the path: neither presence nor absence is proven.</summary>
    Unknown,

    /// <summary>The path ends at a Fork or Labeled node, where there is no value (value lookups only).</summary>
    Error,
}

/// <summary>The result of a value lookup: a status and, when found, the leaf's value.</summary>
/// <param name="Status">Found, Absent, Unknown or Error.</param>
/// <param name="Value">The leaf value when <paramref name="Status"/> is Found, otherwise null.</param>
public readonly record struct LookupResult(LookupStatus Status, byte[]? Value)
{
    /// <summary>True when a value was found.</summary>
    public bool IsFound => Status == LookupStatus.Found;

    internal static LookupResult Absent => new(LookupStatus.Absent, null);
    internal static LookupResult Unknown => new(LookupStatus.Unknown, null);
    internal static LookupResult Error => new(LookupStatus.Error, null);
}

/// <summary>The result of a subtree lookup: a status and, when found, the subtree at the path.</summary>
/// <param name="Status">Found, Absent or Unknown.</param>
/// <param name="Subtree">The subtree when <paramref name="Status"/> is Found, otherwise null.</param>
public readonly record struct SubtreeLookupResult(LookupStatus Status, HashTree? Subtree)
{
    /// <summary>True when a subtree was found.</summary>
    public bool IsFound => Status == LookupStatus.Found;
}
