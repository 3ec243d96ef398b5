namespace Icp.Candid;

/// <summary>
/// The subtype relation of the Candid specification (<c>t1 &lt;: t2</c>: a value of t1 may be read as a t2),
/// coinductive over recursive types. Decoders check it on function and service references; tools use it to
/// check that an upgraded interface stays compatible. The check takes time polynomial in the sizes of the
/// types (each pair of nodes is examined once) and no stack proportional to their depth.
/// </summary>
public static class CandidSubtyping
{
    /// <summary>True when <paramref name="sub"/> &lt;: <paramref name="super"/>.</summary>
    public static bool IsSubtype(CandidType sub, CandidType super)
    {
        ArgumentNullException.ThrowIfNull(sub);
        ArgumentNullException.ThrowIfNull(super);
        return new CandidSubtypeChecker().IsSubtype(sub, super);
    }

    /// <summary>True when the two types are subtypes of each other.</summary>
    public static bool IsEquivalent(CandidType a, CandidType b) => IsSubtype(a, b) && IsSubtype(b, a);

    /// <summary>True when a service of type <paramref name="sub"/> may stand where <paramref name="super"/> is expected:
    /// a new version of an interface that old clients can still use.</summary>
    public static bool IsCompatibleUpgrade(ServiceType sub, ServiceType super) => IsSubtype(sub, super);

    /// <summary>null &lt;: t: t is null, an option or reserved.</summary>
    internal static bool IsNullLike(CandidType t) => t.Resolve().Kind is CandidKind.Null or CandidKind.Opt or CandidKind.Reserved;
}
