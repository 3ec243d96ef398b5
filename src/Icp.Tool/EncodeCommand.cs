using Icp.Candid;

namespace Icp.Tool;

/// <summary><c>encode [TYPES] VALUES</c>: the text format to a binary message in hex.</summary>
internal static class EncodeCommand
{
    public const string Name = "encode";

    public static int Run(IReadOnlyList<string> argv, ToolContext context)
    {
        var args = ToolArguments.Parse(Name, argv, [.. TypeOptions.Specs, new OptionSpec("--help", false)]);
        if (args.Has("--help"))
        {
            context.Stdout.WriteLine(Usage.Encode);
            return 0;
        }
        if (args.Positional.Count != 1)
            throw new UsageException(args.Positional.Count == 0
                ? "encode: expected the value text, e.g. '(42, \"hi\")', or '-' to read it from stdin"
                : $"encode: expected one value text but got {args.Positional.Count} arguments (quote the value)");

        var (scope, types) = TypeOptions.Resolve(Name, args);
        bool fromStdin = args.Positional[0] == "-";
        string text = fromStdin ? context.Stdin.ReadToEnd() : args.Positional[0];
        string source = fromStdin ? "stdin" : "value";

        IReadOnlyList<CandidValue> values;
        try
        {
            values = types is null ? CandidValueParser.ParseArguments(text) : CandidValueParser.ParseArguments(text, types, scope);
        }
        catch (CandidSyntaxException ex)
        {
            throw new ToolException($"{source}:{ex.Line}:{ex.Column}: {ex.Reason}");
        }

        byte[] message;
        try
        {
            message = types is null ? CandidEncoder.Encode(values) : CandidEncoder.Encode(types, values);
        }
        catch (Exception ex) when (ex is CandidEncodeException or CandidTypeException)
        {
            throw new ToolException($"encode: {ex.Message}");
        }
        context.Stdout.WriteLine(Convert.ToHexStringLower(message));
        return 0;
    }
}
