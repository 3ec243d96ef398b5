using Icp.Candid;

namespace Icp.Tool;

/// <summary><c>check FILE.did</c>: parses and checks a <c>.did</c> file and prints it pretty.</summary>
internal static class CheckCommand
{
    public const string Name = "check";

    public static int Run(IReadOnlyList<string> argv, ToolContext context)
    {
        var args = ToolArguments.Parse(Name, argv, new OptionSpec("--help", false));
        if (args.Has("--help"))
        {
            context.Stdout.WriteLine(Usage.Check);
            return 0;
        }
        if (args.Positional.Count != 1)
            throw new UsageException(args.Positional.Count == 0
                ? "check: expected a .did file"
                : $"check: expected one .did file but got {args.Positional.Count} arguments");

        var program = TypeOptions.LoadProgram(args.Positional[0]);
        context.Stdout.Write(CandidProgramPrinter.Print(program));
        return 0;
    }
}
