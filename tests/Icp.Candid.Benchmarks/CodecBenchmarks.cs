using BenchmarkDotNet.Attributes;
using Icp.Candid.Benchmarks.Payloads;

namespace Icp.Candid.Benchmarks;

/// <summary>
/// Our codec on the very bytes the JavaScript anchor produced (ICP_BENCH_ANCHOR_DIR, set by run.sh):
/// the typed fast path (converters as generated code writes them) and the untyped <see cref="CandidValue"/> path.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private byte[] _bytes = [];
    private object _typed = null!;
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
        _bytes = File.ReadAllBytes(Path.Combine(dir, Payload + ".bin"));
        _typed = DecodeTyped();
        _values = CandidDecoder.Decode(_bytes);
        _types = CandidDecoder.DecodeTypes(_bytes);
        // The typed path must give back a message that decodes to the same values as the anchor's bytes.
        var again = CandidDecoder.Decode(EncodeTyped());
        if (!again[0].Equals(_values[0])) throw new InvalidOperationException($"{Payload}: typed round trip changed the value");
    }

    [Benchmark(Description = "decode, typed (generated converters)")]
    public object DecodeTyped() => Payload switch
    {
        "icrc3-blocks-10k" => CandidSerializer.Deserialize(_bytes, Converters.Blocks),
        "transfers-10k" => CandidSerializer.Deserialize(_bytes, Converters.Transfers),
        _ => CandidSerializer.Deserialize(_bytes, CandidConverters.Blob),
    };

    [Benchmark(Description = "decode, typed, blobs as slices of the message (no copy)")]
    public object DecodeTypedZeroCopy() => Payload switch
    {
        "blob-1mib" => CandidSerializer.Deserialize((ReadOnlyMemory<byte>)_bytes, CandidConverters.BlobMemory),
        _ => DecodeTyped(),
    };

    [Benchmark(Description = "encode, typed (generated converters)")]
    public byte[] EncodeTyped() => Payload switch
    {
        "icrc3-blocks-10k" => CandidSerializer.Serialize((Block[])_typed, Converters.Blocks),
        "transfers-10k" => CandidSerializer.Serialize((Transfer[])_typed, Converters.Transfers),
        _ => CandidSerializer.Serialize((byte[])_typed, CandidConverters.Blob),
    };

    private readonly System.Buffers.ArrayBufferWriter<byte> _destination = new();

    [Benchmark(Description = "encode, typed, into a reused buffer")]
    public int EncodeTypedIntoBuffer()
    {
        _destination.ResetWrittenCount();
        switch (Payload)
        {
            case "icrc3-blocks-10k": CandidSerializer.Serialize(_destination, (Block[])_typed, Converters.Blocks); break;
            case "transfers-10k": CandidSerializer.Serialize(_destination, (Transfer[])_typed, Converters.Transfers); break;
            default: CandidSerializer.Serialize(_destination, (byte[])_typed, CandidConverters.Blob); break;
        }
        return _destination.WrittenCount;
    }

    [Benchmark(Description = "decode, untyped CandidValue")]
    public IReadOnlyList<CandidValue> DecodeValues() => CandidDecoder.Decode(_bytes);

    [Benchmark(Description = "encode, untyped CandidValue")]
    public byte[] EncodeValues() => CandidEncoder.Encode(_types, _values);

    private static class Converters
    {
        public static readonly ArrayConverter<Block> Blocks = new(BlockConverter.Instance);
        public static readonly ArrayConverter<Transfer> Transfers = new(TransferConverter.Instance);
    }
}
