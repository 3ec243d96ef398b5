namespace Icp.Candid;

/// <summary>
/// The fields of a record (or alternatives of a variant) as a converter declares them, in its own order,
/// with their ids sorted once for matching against a message. Generated converters keep one per type.
/// </summary>
public sealed class CandidShape
{
    private readonly uint[] _sortedIds;
    private readonly int[] _sortedToDeclared;

    /// <summary>A shape from labels in declared order; <paramref name="optional"/> marks fields that may be
    /// missing from a message (those of type opt or reserved).</summary>
    /// <exception cref="CandidTypeException">Two labels have the same id.</exception>
    public CandidShape(IReadOnlyList<CandidLabel> labels, IReadOnlyList<bool>? optional = null)
    {
        Labels = labels.ToArray();
        Optional = optional?.ToArray() ?? new bool[Labels.Count];
        if (Optional.Count != Labels.Count) throw new ArgumentException("one optional flag per label", nameof(optional));
        _sortedToDeclared = Enumerable.Range(0, Labels.Count).OrderBy(i => Labels[i].Id).ToArray();
        _sortedIds = _sortedToDeclared.Select(i => Labels[i].Id).ToArray();
        for (int i = 1; i < _sortedIds.Length; i++)
            if (_sortedIds[i] == _sortedIds[i - 1])
                throw new CandidTypeException($"fields '{Labels[_sortedToDeclared[i - 1]]}' and '{Labels[_sortedToDeclared[i]]}' have the same id {_sortedIds[i]}");
    }

    /// <summary>The labels in declared order.</summary>
    public IReadOnlyList<CandidLabel> Labels { get; }

    /// <summary>Per declared field: may it be missing from a message.</summary>
    public IReadOnlyList<bool> Optional { get; }

    /// <summary>The declared indexes in id order: the order the wire format writes record fields in.</summary>
    public ReadOnlySpan<int> WriteOrder => _sortedToDeclared;

    /// <summary>The declared index of a field id, or -1.</summary>
    public int IndexOfId(uint id)
    {
        int i = Array.BinarySearch(_sortedIds, id);
        return i >= 0 ? _sortedToDeclared[i] : -1;
    }

    /// <summary>The position of the declared field in id order (the index a variant writes).</summary>
    public int SortedPosition(int declaredIndex) => Array.IndexOf(_sortedToDeclared, declaredIndex);

    internal uint[] SortedIds => _sortedIds;
    internal int[] SortedToDeclared => _sortedToDeclared;
}
