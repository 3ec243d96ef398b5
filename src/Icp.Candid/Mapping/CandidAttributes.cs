namespace Icp.Candid;

/// <summary>The Candid name of a property, enum member or variant alternative (<c>created_at_time</c>), or its numeric id.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Class | AttributeTargets.Parameter)]
public sealed class CandidNameAttribute : Attribute
{
    /// <summary>A name; its id is the name's hash.</summary>
    public CandidNameAttribute(string name) => Label = CandidLabel.FromName(name);

    /// <summary>A numeric field id.</summary>
    public CandidNameAttribute(uint id) => Label = CandidLabel.FromId(id);

    /// <summary>The label.</summary>
    public CandidLabel Label { get; }
}

/// <summary>Leaves a property out of the Candid record.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CandidIgnoreAttribute : Attribute;

/// <summary>Marks an abstract class whose derived classes are the alternatives of a Candid variant. Each
/// derived class names its alternative with <see cref="CandidNameAttribute"/> (or by its class name); its
/// payload is its one property named <c>Value</c>, nothing (<c>null</c>) when it has no properties, or a
/// record of its properties.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CandidVariantAttribute : Attribute;

/// <summary>Maps a <see cref="System.Numerics.BigInteger"/> property to <c>nat</c> instead of <c>int</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CandidNatAttribute : Attribute;
