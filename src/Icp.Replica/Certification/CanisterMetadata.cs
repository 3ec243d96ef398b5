using Icp.Replica.Execution;

namespace Icp.Replica.Certification;

/// <summary>A module's metadata: its custom sections named <c>icp:public NAME</c> or <c>icp:private NAME</c>.</summary>
internal static class CanisterMetadata
{
    /// <summary>The metadata sections (name without the prefix, visibility, content).</summary>
    public static IEnumerable<(string Name, bool IsPublic, byte[] Content)> Sections(CanisterCode code)
    {
        foreach (var (name, content) in code.Binary.CustomSections)
        {
            if (name.StartsWith("icp:public ", StringComparison.Ordinal)) yield return (name["icp:public ".Length..], true, content);
            else if (name.StartsWith("icp:private ", StringComparison.Ordinal)) yield return (name["icp:private ".Length..], false, content);
        }
    }
}
