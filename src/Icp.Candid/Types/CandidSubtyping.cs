namespace Icp.Candid;

/// <summary>
/// The subtype relation of the Candid specification (<c>t1 &lt;: t2</c>: a value of t1 may be read as a t2),
/// coinductive over recursive types. Decoders check it on function and service references; tools use it to
/// check that an upgraded interface stays compatible.
/// </summary>
public static class CandidSubtyping
{
    /// <summary>True when <paramref name="sub"/> &lt;: <paramref name="super"/>.</summary>
    public static bool IsSubtype(CandidType sub, CandidType super) =>
        IsSubtype(sub, super, new HashSet<(CandidType, CandidType)>(PairComparer.Instance), charge: null);

    /// <summary>True when the two types are subtypes of each other.</summary>
    public static bool IsEquivalent(CandidType a, CandidType b) => IsSubtype(a, b) && IsSubtype(b, a);

    /// <summary>True when a service of type <paramref name="sub"/> may stand where <paramref name="super"/> is expected:
    /// a new version of an interface that old clients can still use.</summary>
    public static bool IsCompatibleUpgrade(ServiceType sub, ServiceType super) => IsSubtype(sub, super);

    internal sealed class PairComparer : IEqualityComparer<(CandidType, CandidType)>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals((CandidType, CandidType) x, (CandidType, CandidType) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((CandidType, CandidType) p) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item2));
    }

    /// <summary>
    /// The check with a set of pairs assumed to hold (the coinductive hypothesis). As in the reference
    /// implementation, a pair is assumed while it is checked and forgotten again when it fails.
    /// </summary>
    internal static bool IsSubtype(CandidType sub, CandidType super, HashSet<(CandidType, CandidType)> assumed, Action? charge)
    {
        charge?.Invoke();
        var t1 = sub.Resolve();
        var t2 = super.Resolve();
        if (ReferenceEquals(t1, t2)) return true;
        if (t2.Kind == CandidKind.Reserved || t1.Kind == CandidKind.Empty) return true;
        if (!assumed.Add((t1, t2))) return true;
        bool ok = Check(t1, t2, assumed, charge);
        if (!ok) assumed.Remove((t1, t2));
        return ok;
    }

    private static bool Check(CandidType t1, CandidType t2, HashSet<(CandidType, CandidType)> assumed, Action? charge)
    {
        switch (t2)
        {
            case PrimitiveType p2:
                if (t1 is PrimitiveType p1) return p1.Kind == p2.Kind || (p1.Kind == CandidKind.Nat && p2.Kind == CandidKind.Int);
                // service <: principal (the same wire encoding; added to the specification in 2026).
                return p2.Kind == CandidKind.Principal && t1 is ServiceType;
            case OptType:
                // Any type is a subtype of an option (the specification's "unusual" opt rules, as the reference
                // implementation applies them): a value that does not fit decodes as null.
                return true;
            case VecType v2:
                return t1 is VecType v1 && IsSubtype(v1.Element, v2.Element, assumed, charge);
            case RecordType r2:
            {
                if (t1 is not RecordType r1) return false;
                foreach (var f2 in r2.Fields)
                {
                    var f1 = r1.FindField(f2.Label.Id);
                    if (f1 is null)
                    {
                        // A field may be missing when its type has a default: opt, null or reserved.
                        if (!IsNullLike(f2.Type)) return false;
                    }
                    else if (!IsSubtype(f1.Type, f2.Type, assumed, charge)) return false;
                }
                return true;
            }
            case VariantType va2:
            {
                if (t1 is not VariantType va1) return false;
                foreach (var f1 in va1.Fields)
                {
                    var f2 = va2.FindField(f1.Label.Id);
                    if (f2 is null || !IsSubtype(f1.Type, f2.Type, assumed, charge)) return false;
                }
                return true;
            }
            case FuncType fn2:
                return t1 is FuncType fn1 && IsFuncSubtype(fn1, fn2, assumed, charge);
            case ServiceType s2:
            {
                if (t1 is not ServiceType s1) return false;
                foreach (var m2 in s2.Methods)
                {
                    var m1 = s1.FindMethod(m2.Name);
                    if (m1 is null || !IsSubtype(m1.Type, m2.Type, assumed, charge)) return false;
                }
                return true;
            }
            default:
                return false;
        }
    }

    // Functions: annotations equal; arguments contravariant and results covariant, each list compared as a
    // tuple record (so trailing optional arguments may be added or dropped).
    private static bool IsFuncSubtype(FuncType f1, FuncType f2, HashSet<(CandidType, CandidType)> assumed, Action? charge)
    {
        if (f1.Modes != f2.Modes) return false;
        return IsTupleSubtype(f2.Arguments, f1.Arguments, assumed, charge) && IsTupleSubtype(f1.Results, f2.Results, assumed, charge);
    }

    private static bool IsTupleSubtype(IReadOnlyList<CandidParameter> sub, IReadOnlyList<CandidParameter> super, HashSet<(CandidType, CandidType)> assumed, Action? charge)
    {
        for (int i = 0; i < super.Count; i++)
        {
            if (i < sub.Count)
            {
                if (!IsSubtype(sub[i].Type, super[i].Type, assumed, charge)) return false;
            }
            else if (!IsNullLike(super[i].Type)) return false;
        }
        return true;
    }

    /// <summary>null &lt;: t: t is null, an option or reserved.</summary>
    internal static bool IsNullLike(CandidType t) => t.Resolve().Kind is CandidKind.Null or CandidKind.Opt or CandidKind.Reserved;
}
