namespace Icp.Candid;

/// <summary>
/// Limits that bound the work and memory of decoding by the size of the input, as the Rust crate's
/// decoding quota does: a hostile message (<c>vec null</c> of 2^32 elements, deep nesting, huge numbers,
/// loops in the type table) fails fast with a <see cref="CandidDecodeException"/>.
/// </summary>
public sealed record CandidDecoderOptions
{
    /// <summary>The defaults: fine for any message the IC delivers (at most a few MiB).</summary>
    public static CandidDecoderOptions Default { get; } = new();

    /// <summary>Most entries in the type table. Default 10,000.</summary>
    public int MaxTypeTableLength { get; init; } = 10_000;

    /// <summary>Most fields (or alternatives, arguments, methods) in one type. Default 10,000.</summary>
    public int MaxFieldsPerType { get; init; } = 10_000;

    /// <summary>Deepest nesting of values (and of decoding at nested types). Default 512.</summary>
    public int MaxDepth { get; init; } = 512;

    /// <summary>Most bytes of a <c>nat</c> or <c>int</c> in LEB128 form. Default 1024 (about 7,000 bits).</summary>
    public int MaxBigIntegerBytes { get; init; } = 1024;

    /// <summary>
    /// The work budget: every value decoded or skipped costs one unit, and so do type-table entries and
    /// subtype checks. A well-formed message of n bytes whose values are not all zero-sized costs at most
    /// about n units, so the budget is <see cref="BaseQuota"/> plus <see cref="QuotaPerInputByte"/> times the input length.
    /// </summary>
    public long BaseQuota { get; init; } = 4_000_000;

    /// <summary>Budget units granted per input byte. Default 4.</summary>
    public long QuotaPerInputByte { get; init; } = 4;

    /// <summary>A fixed budget instead of the one computed from the input length (null: computed).</summary>
    public long? DecodingQuota { get; init; }

    internal long QuotaFor(int inputLength) => DecodingQuota ?? BaseQuota + QuotaPerInputByte * inputLength;
}
