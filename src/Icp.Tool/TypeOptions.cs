using Icp.Candid;

namespace Icp.Tool;

/// <summary>
/// The options that say which types a message has: <c>--types "(nat, text)"</c>, or <c>--did FILE</c> with
/// <c>--method NAME</c> (its arguments; <c>--returns</c>: its results). With <c>--did</c>, the file's type
/// definitions are in scope for <c>--types</c>.
/// </summary>
internal static class TypeOptions
{
    public static readonly OptionSpec[] Specs =
    [
        new("--types", TakesValue: true),
        new("--did", TakesValue: true),
        new("--method", TakesValue: true),
        new("--returns", TakesValue: false),
    ];

    /// <summary>The program the types are read in (null without <c>--did</c>) and the types (null when none were given).</summary>
    /// <exception cref="UsageException">The options do not fit together.</exception>
    /// <exception cref="ToolException">The file, the type list or the method is wrong.</exception>
    public static (CandidProgram? Scope, IReadOnlyList<CandidType>? Types) Resolve(string command, ToolArguments args)
    {
        string? typesText = args.Value("--types");
        string? didPath = args.Value("--did");
        string? method = args.Value("--method");
        bool returns = args.Has("--returns");

        if (method is not null && didPath is null) throw new UsageException($"{command}: --method needs --did FILE");
        if (returns && method is null) throw new UsageException($"{command}: --returns needs --did FILE --method NAME");
        if (method is not null && typesText is not null) throw new UsageException($"{command}: give either --types or --method, not both");
        if (didPath is not null && method is null && typesText is null) throw new UsageException($"{command}: --did needs --method NAME or --types TEXT");

        CandidProgram? scope = didPath is null ? null : LoadProgram(didPath);
        if (typesText is not null)
        {
            try
            {
                return (scope, CandidProgram.ParseArgumentTypes(typesText, scope));
            }
            catch (CandidSyntaxException ex)
            {
                throw new ToolException($"--types:{ex.Line}:{ex.Column}: {ex.Reason}");
            }
        }
        if (scope is null) return (null, null);

        if (scope.Service is null) throw new ToolException($"{didPath}: the file has no service, so it has no method '{method}'");
        var service = Guard(() => scope.ResolveService());
        var found = service.FindMethod(method!)
            ?? throw new ToolException($"{didPath}: the service has no method '{method}' (it has: {string.Join(", ", service.Methods.Select(m => m.Name))})");
        var func = Guard(() => found.Func);
        var parameters = returns ? func.Results : func.Arguments;
        return (scope, parameters.Select(p => p.Type).ToArray());
    }

    /// <summary>Reads and checks a <c>.did</c> file.</summary>
    /// <exception cref="ToolException">The file cannot be read or is not valid Candid.</exception>
    public static CandidProgram LoadProgram(string path)
    {
        try
        {
            return CandidProgram.Load(path);
        }
        catch (CandidSyntaxException ex)
        {
            throw new ToolException(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(InputFiles.Describe(path, ex));
        }
    }

    private static T Guard<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (CandidTypeException ex)
        {
            throw new ToolException(ex.Message);
        }
    }
}
