namespace Icp.Tool;

/// <summary>An option a command accepts: a flag (<c>--pretty</c>) or one that takes a value (<c>--types TEXT</c>).</summary>
internal sealed record OptionSpec(string Name, bool TakesValue);

/// <summary>
/// A command's arguments split into options and positional arguments. Options are <c>--name value</c>,
/// <c>--name=value</c> or a bare flag; <c>--</c> ends the options; a lone <c>-</c> is positional (stdin).
/// </summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, string?> _options;

    private ToolArguments(Dictionary<string, string?> options, List<string> positional)
    {
        _options = options;
        Positional = positional;
    }

    /// <summary>The arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>True when the flag or option was given.</summary>
    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The value of an option, or null when it was not given.</summary>
    public string? Value(string name) => _options.GetValueOrDefault(name);

    /// <summary>Splits <paramref name="args"/> by the options <paramref name="specs"/> of command <paramref name="command"/>.</summary>
    /// <exception cref="UsageException">An unknown option, a repeated one, or an option without its value.</exception>
    public static ToolArguments Parse(string command, IReadOnlyList<string> args, params IReadOnlyList<OptionSpec> specs)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.Length < 2 || arg[0] != '-' || (arg[1] != '-' && arg != "-h"))
            {
                positional.Add(arg);
                continue;
            }
            string name = arg == "-h" ? "--help" : arg;
            string? inlineValue = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }
            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new UsageException($"{command}: unknown option '{name}'");
            if (options.ContainsKey(name)) throw new UsageException($"{command}: option '{name}' is given twice");
            if (!spec.TakesValue)
            {
                if (inlineValue is not null) throw new UsageException($"{command}: option '{name}' takes no value");
                options[name] = null;
                continue;
            }
            if (inlineValue is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{command}: option '{name}' needs a value");
                inlineValue = args[++i];
            }
            options[name] = inlineValue;
        }
        return new ToolArguments(options, positional);
    }
}
