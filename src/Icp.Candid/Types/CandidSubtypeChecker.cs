namespace Icp.Candid;

/// <summary>
/// The subtype check of <see cref="CandidSubtyping"/> with a memory: pairs that hold (proven, or assumed
/// while they are checked: the coinductive hypothesis) and pairs that fail. Each pair of types is examined
/// at most once per checker, so one decoding pays for each (wire type, expected type) pair once, and the
/// walk keeps its own stack, so types nested any depth cannot exhaust the thread's stack.
/// </summary>
/// <remarks>
/// A failure found under assumptions is a failure without them (assumptions only make more pairs hold), so
/// remembering failures is sound. As in the reference implementation, a pair assumed while it is checked is
/// forgotten again when it fails.
/// </remarks>
internal sealed class CandidSubtypeChecker
{
    private readonly HashSet<(CandidType, CandidType)> _holds = new(PairComparer.Instance);
    private readonly HashSet<(CandidType, CandidType)> _fails = new(PairComparer.Instance);
    private readonly List<(CandidType Sub, CandidType Super)> _goals = [];
    private readonly Stack<Frame> _frames = new();

    /// <summary>A pair under check: its sub-goals are <c>_goals[Start..End)</c>, the next one to check at <c>Next</c>.</summary>
    private readonly record struct Frame((CandidType, CandidType) Pair, int Start, int End, int Next);

    /// <summary>Pairs examined so far: the work done, for the caller's budget.</summary>
    public long Steps { get; private set; }

    /// <summary>True when <paramref name="sub"/> &lt;: <paramref name="super"/>. Stops with false once more than
    /// <paramref name="maxSteps"/> pairs were examined by this call (the caller sees it in <see cref="Steps"/>).</summary>
    public bool IsSubtype(CandidType sub, CandidType super, long maxSteps = long.MaxValue)
    {
        long limit = maxSteps > long.MaxValue - Steps ? long.MaxValue : Steps + maxSteps;
        _frames.Clear();
        _goals.Clear();
        bool holds = Begin(sub, super);
        while (_frames.Count > 0)
        {
            var f = _frames.Pop();
            if (Steps > limit)
            {
                // Out of budget: what is on the stack was only assumed.
                _holds.Remove(f.Pair);
                while (_frames.Count > 0) _holds.Remove(_frames.Pop().Pair);
                _goals.Clear();
                return false;
            }
            if (!holds)
            {
                _holds.Remove(f.Pair);
                _fails.Add(f.Pair);
                _goals.RemoveRange(f.Start, _goals.Count - f.Start);
                continue;
            }
            if (f.Next == f.End)
            {
                _goals.RemoveRange(f.Start, _goals.Count - f.Start);
                continue;
            }
            var (s, t) = _goals[f.Next];
            _frames.Push(f with { Next = f.Next + 1 });
            // Either decided at once, or a new frame is pushed (and nothing has failed yet).
            holds = Begin(s, t);
        }
        return holds;
    }

    private bool Begin(CandidType sub, CandidType super)
    {
        Steps++;
        var t1 = sub.Resolve();
        var t2 = super.Resolve();
        if (ReferenceEquals(t1, t2)) return true;
        if (t2.Kind == CandidKind.Reserved || t1.Kind == CandidKind.Empty) return true;
        var pair = (t1, t2);
        if (_holds.Contains(pair)) return true;
        if (_fails.Contains(pair)) return false;
        int start = _goals.Count;
        if (!Expand(t1, t2))
        {
            _goals.RemoveRange(start, _goals.Count - start);
            _fails.Add(pair);
            return false;
        }
        _holds.Add(pair);
        if (_goals.Count > start) _frames.Push(new Frame(pair, start, _goals.Count, start));
        return true;
    }

    /// <summary>Decides the pair by its outermost constructors: false when it fails at once, otherwise true
    /// with the pairs it depends on added to the goals (all must hold).</summary>
    private bool Expand(CandidType t1, CandidType t2)
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
                if (t1 is not VecType v1) return false;
                _goals.Add((v1.Element, v2.Element));
                return true;
            case RecordType r2:
            {
                if (t1 is not RecordType r1) return false;
                foreach (var f2 in r2.Fields)
                {
                    var f1 = r1.FindField(f2.Label.Id);
                    if (f1 is not null) _goals.Add((f1.Type, f2.Type));
                    // A field may be missing when its type has a default: opt, null or reserved.
                    else if (!CandidSubtyping.IsNullLike(f2.Type)) return false;
                }
                return true;
            }
            case VariantType va2:
            {
                if (t1 is not VariantType va1) return false;
                foreach (var f1 in va1.Fields)
                {
                    var f2 = va2.FindField(f1.Label.Id);
                    if (f2 is null) return false;
                    _goals.Add((f1.Type, f2.Type));
                }
                return true;
            }
            case FuncType fn2:
                // Annotations equal; arguments contravariant and results covariant, each list compared as a
                // tuple record (so trailing optional arguments may be added or dropped).
                return t1 is FuncType fn1 && fn1.Modes == fn2.Modes
                    && AddTuple(fn2.Arguments, fn1.Arguments) && AddTuple(fn1.Results, fn2.Results);
            case ServiceType s2:
            {
                if (t1 is not ServiceType s1) return false;
                foreach (var m2 in s2.Methods)
                {
                    var m1 = s1.FindMethod(m2.Name);
                    if (m1 is null) return false;
                    _goals.Add((m1.Type, m2.Type));
                }
                return true;
            }
            default:
                return false;
        }
    }

    private bool AddTuple(IReadOnlyList<CandidParameter> sub, IReadOnlyList<CandidParameter> super)
    {
        for (int i = 0; i < super.Count; i++)
        {
            if (i < sub.Count) _goals.Add((sub[i].Type, super[i].Type));
            else if (!CandidSubtyping.IsNullLike(super[i].Type)) return false;
        }
        return true;
    }

    private sealed class PairComparer : IEqualityComparer<(CandidType, CandidType)>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals((CandidType, CandidType) x, (CandidType, CandidType) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((CandidType, CandidType) p) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item2));
    }
}
