using Icp.Candid;

namespace Icp.Tool;

/// <summary><c>decode [TYPES] [--pretty] HEX | - | --file PATH</c>: a binary message to the text format.</summary>
internal static class DecodeCommand
{
    public const string Name = "decode";

    public static int Run(IReadOnlyList<string> argv, ToolContext context)
    {
        var args = ToolArguments.Parse(Name, argv,
            [.. TypeOptions.Specs, new OptionSpec("--pretty", false), new OptionSpec("--file", true), new OptionSpec("--help", false)]);
        if (args.Has("--help"))
        {
            context.Stdout.WriteLine(Usage.Decode);
            return 0;
        }
        string? file = args.Value("--file");
        if (file is not null && args.Positional.Count != 0)
            throw new UsageException("decode: give either HEX or --file PATH, not both");
        if (file is null && args.Positional.Count != 1)
            throw new UsageException(args.Positional.Count == 0
                ? "decode: expected the message in hex, '-' to read hex from stdin, or --file PATH"
                : $"decode: expected one hex argument but got {args.Positional.Count}");

        var (_, types) = TypeOptions.Resolve(Name, args);
        byte[] message = file is not null ? InputFiles.ReadBytes(file)
            : InputFiles.ParseHex(args.Positional[0] == "-" ? context.Stdin.ReadToEnd() : args.Positional[0]);

        IReadOnlyList<CandidValue> values;
        try
        {
            values = CandidDecoder.Decode(message, types);
        }
        catch (CandidDecodeException ex)
        {
            throw new ToolException($"decode: {ex.Message}");
        }

        bool pretty = args.Has("--pretty");
        int limit = OutputLimit(message.Length);
        try
        {
            context.Stdout.WriteLine(types is null
                ? CandidValuePrinter.PrintArguments(values, pretty, limit)
                : CandidValuePrinter.PrintArguments(values, types, pretty, limit));
        }
        catch (CandidOutputLimitException ex)
        {
            throw new ToolException($"decode: the message decodes, but {ex.Message} for a message of {message.Length} bytes " +
                $"({CharactersPerBudgetUnit} per unit of its decoding budget)");
        }
        return 0;
    }

    /// <summary>Characters of text allowed per unit of the decoding budget.</summary>
    public const int CharactersPerBudgetUnit = 4;

    /// <summary>
    /// The most characters printed for a message: the decoder's work budget for it (4M units + 4 per byte)
    /// times <see cref="CharactersPerBudgetUnit"/>, so printing is bounded by the same measure as decoding.
    /// A value node costs one unit and prints in a few characters, so real messages stay well below it.
    /// </summary>
    public static int OutputLimit(int messageLength)
    {
        var options = CandidDecoderOptions.Default;
        long budget = options.DecodingQuota ?? options.BaseQuota + options.QuotaPerInputByte * messageLength;
        return (int)Math.Min(budget * CharactersPerBudgetUnit, Array.MaxLength);
    }
}
