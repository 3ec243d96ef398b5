namespace Icp.Candid;

/// <summary>State for decoding one message: the subtype results found so far (coinductive, as the
/// specification defines subtyping on recursive types) and a cache of wire types converted to the model.</summary>
internal sealed class CandidDecodeContext(CandidDecoderOptions options)
{
    private HashSet<(CandidType, CandidType)>? _assumed;

    public CandidDecoderOptions Options { get; } = options;

    public HashSet<(CandidType, CandidType)> SubtypeAssumptions => _assumed ??= new(PairComparer.Instance);

    private sealed class PairComparer : IEqualityComparer<(CandidType, CandidType)>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals((CandidType, CandidType) x, (CandidType, CandidType) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((CandidType, CandidType) p) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item2));
    }
}
