using BenchmarkDotNet.Attributes;
using Icp.Candid.Benchmarks.Generated;
using Hand = Icp.Candid.Benchmarks.HandWritten;

namespace Icp.Candid.Benchmarks;

/// <summary>
/// Our codec on the very bytes the JavaScript anchor produced (ICP_BENCH_ANCHOR_DIR, set by run.sh). The typed rows
/// run what the code generator emits for Payloads/payloads.did (the converters of <see cref="PayloadsCandid"/>,
/// called as a generated client calls them); the hand-written converters of Payloads/HandWritten are a secondary,
/// labelled row; the untyped rows use <see cref="CandidValue"/>.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private byte[] _bytes = [];
    private object _typed = null!;
    private object _handTyped = null!;
    private IReadOnlyList<CandidValue> _values = [];
    private IReadOnlyList<CandidType> _types = [];

    [ParamsSource(nameof(Payloads))]
    public string Payload { get; set; } = "";

    public static IEnumerable<string> Payloads() => ["icrc3-blocks-10k", "transfers-10k", "blob-1mib"];

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("ICP_BENCH_ANCHOR_DIR")
            ?? throw new InvalidOperationException("set ICP_BENCH_ANCHOR_DIR to the JavaScript anchor's output folder (run.sh does)");
        Setup(File.ReadAllBytes(Path.Combine(dir, Payload + ".bin")));
    }

    /// <summary>Prepares <see cref="Payload"/> from its encoded message, checking that every typed path gives it back.</summary>
    public void Setup(byte[] message)
    {
        _bytes = message;
        _typed = DecodeTyped();
        _handTyped = DecodeHandWritten();
        _values = CandidDecoder.Decode(_bytes);
        _types = CandidDecoder.DecodeTypes(_bytes);
        // Each typed path must give back a message that decodes to the same values as the anchor's bytes.
        foreach (var (path, encoded) in new[] { ("generated", EncodeTyped()), ("hand-written", EncodeHandWritten()) })
        {
            if (!CandidDecoder.Decode(encoded)[0].Equals(_values[0])) throw new InvalidOperationException($"{Payload}: the {path} round trip changed the value");
        }
    }

    [Benchmark(Description = "decode, typed (generated code)")]
    public object DecodeTyped() => Payload switch
    {
        "icrc3-blocks-10k" => CandidSerializer.Deserialize(_bytes, PayloadsCandid.VecBlock),
        "transfers-10k" => CandidSerializer.Deserialize(_bytes, PayloadsCandid.VecTransfer),
        _ => CandidSerializer.Deserialize(_bytes, CandidConverters.Blob),
    };

    [Benchmark(Description = "decode, typed, blobs as slices of the message (no copy)")]
    public object DecodeTypedZeroCopy() => Payload switch
    {
        "blob-1mib" => CandidSerializer.Deserialize((ReadOnlyMemory<byte>)_bytes, CandidConverters.BlobMemory),
        _ => DecodeTyped(),
    };

    [Benchmark(Description = "decode, typed, hand-written converters (secondary)")]
    public object DecodeHandWritten() => Payload switch
    {
        "icrc3-blocks-10k" => CandidSerializer.Deserialize(_bytes, HandConverters.Blocks),
        "transfers-10k" => CandidSerializer.Deserialize(_bytes, HandConverters.Transfers),
        _ => CandidSerializer.Deserialize(_bytes, CandidConverters.Blob),
    };

    [Benchmark(Description = "encode, typed (generated code)")]
    public byte[] EncodeTyped() => Payload switch
    {
        "icrc3-blocks-10k" => CandidSerializer.Serialize((Block[])_typed, PayloadsCandid.VecBlock),
        "transfers-10k" => CandidSerializer.Serialize((Transfer[])_typed, PayloadsCandid.VecTransfer),
        _ => CandidSerializer.Serialize((byte[])_typed, CandidConverters.Blob),
    };

    private readonly System.Buffers.ArrayBufferWriter<byte> _destination = new();

    [Benchmark(Description = "encode, typed (generated code), into a reused buffer")]
    public int EncodeTypedIntoBuffer()
    {
        _destination.ResetWrittenCount();
        switch (Payload)
        {
            case "icrc3-blocks-10k": CandidSerializer.Serialize(_destination, (Block[])_typed, PayloadsCandid.VecBlock); break;
            case "transfers-10k": CandidSerializer.Serialize(_destination, (Transfer[])_typed, PayloadsCandid.VecTransfer); break;
            default: CandidSerializer.Serialize(_destination, (byte[])_typed, CandidConverters.Blob); break;
        }
        return _destination.WrittenCount;
    }

    [Benchmark(Description = "encode, typed, hand-written converters (secondary)")]
    public byte[] EncodeHandWritten() => Payload switch
    {
        "icrc3-blocks-10k" => CandidSerializer.Serialize((Hand.Block[])_handTyped, HandConverters.Blocks),
        "transfers-10k" => CandidSerializer.Serialize((Hand.Transfer[])_handTyped, HandConverters.Transfers),
        _ => CandidSerializer.Serialize((byte[])_handTyped, CandidConverters.Blob),
    };

    [Benchmark(Description = "decode, untyped CandidValue")]
    public IReadOnlyList<CandidValue> DecodeValues() => CandidDecoder.Decode(_bytes);

    [Benchmark(Description = "encode, untyped CandidValue")]
    public byte[] EncodeValues() => CandidEncoder.Encode(_types, _values);

    private static class HandConverters
    {
        public static readonly ArrayConverter<Hand.Block> Blocks = new(Hand.BlockConverter.Instance);
        public static readonly ArrayConverter<Hand.Transfer> Transfers = new(Hand.TransferConverter.Instance);
    }
}
