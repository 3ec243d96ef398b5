namespace Icp.Candid;

/// <summary>How <see cref="CandidSerializer"/> maps C# types: naming, custom converters, decoding limits.</summary>
public sealed class CandidSerializerOptions
{
    private CandidConverterResolver? _resolver;

    /// <summary>The defaults: names as written in C#, the default limits.</summary>
    public static CandidSerializerOptions Default { get; } = new();

    /// <summary>Turns property and class names into Candid names (see <see cref="CandidNaming"/>). Default: as written.</summary>
    public Func<string, string> Naming { get; init; } = CandidNaming.AsIs;

    /// <summary>Converters that take precedence for their C# types.</summary>
    public IReadOnlyList<CandidConverter> Converters { get; init; } = [];

    /// <summary>The decoding limits.</summary>
    public CandidDecoderOptions Decoder { get; init; } = CandidDecoderOptions.Default;

    internal CandidConverterResolver Resolver => _resolver ??= new CandidConverterResolver(this);

    /// <summary>The converter used for <typeparamref name="T"/>.</summary>
    /// <exception cref="CandidTypeException">The type has no Candid mapping.</exception>
    public CandidConverter<T> GetConverter<T>() => Resolver.For<T>();
}
