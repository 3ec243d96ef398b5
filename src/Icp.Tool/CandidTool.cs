using Icp.Candid;

namespace Icp.Tool;

/// <summary>
/// The <c>dotnet candid</c> command line: <c>encode</c>, <c>decode</c>, <c>check</c> and <c>generate</c>. Callable in-process:
/// all input and output goes through the given streams, and every failure is one line on stderr with exit code 1.
/// </summary>
public static class CandidTool
{
    /// <summary>Runs the tool with stdin from the console.</summary>
    /// <param name="args">The command line, without the program name, e.g. <c>["encode", "(42)"]</c>.</param>
    /// <param name="stdout">Where results and help go.</param>
    /// <param name="stderr">Where the error line goes.</param>
    /// <returns>0 on success, 1 on any failure.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command line, without the program name, e.g. <c>["encode", "(42)"]</c>.</param>
    /// <param name="stdin">What an input argument of <c>-</c> reads.</param>
    /// <param name="stdout">Where results and help go.</param>
    /// <param name="stderr">Where the error line goes.</param>
    /// <returns>0 on success, 1 on any failure.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new ToolContext(stdin, stdout, stderr);
        try
        {
            return Dispatch(args, context);
        }
        catch (UsageException ex)
        {
            return Fail(stderr, $"{ex.Message}; {Usage.Hint}");
        }
        catch (ToolException ex)
        {
            return Fail(stderr, ex.Message);
        }
        catch (CandidSyntaxException ex)
        {
            return Fail(stderr, ex.Message);
        }
        catch (CandidDecodeException ex)
        {
            return Fail(stderr, $"decode: {ex.Message}");
        }
        catch (Exception ex) when (ex is CandidTypeException or CandidEncodeException)
        {
            return Fail(stderr, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, ex.Message);
        }
        catch (Exception ex)
        {
            return Fail(stderr, $"internal error ({ex.GetType().Name}): {ex.Message}");
        }
    }

    private static int Dispatch(string[] args, ToolContext context)
    {
        if (args.Length == 0) throw new UsageException("no command given");
        string command = args[0];
        var rest = args.AsSpan(1).ToArray();
        switch (command)
        {
            case "--help" or "-h" or "help":
                context.Stdout.WriteLine(Usage.Main);
                return 0;
            case "--version":
                context.Stdout.WriteLine($"dotnet-candid {Usage.Version}");
                return 0;
            case EncodeCommand.Name:
                return EncodeCommand.Run(rest, context);
            case DecodeCommand.Name:
                return DecodeCommand.Run(rest, context);
            case CheckCommand.Name:
                return CheckCommand.Run(rest, context);
            case GenerateCommand.Name:
                return GenerateCommand.Run(rest, context);
            default:
                throw new UsageException(command.StartsWith('-') ? $"unknown option '{command}'" : $"unknown command '{command}'");
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        // One line, whatever the message holds.
        string line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        stderr.WriteLine($"error: {line}");
        return 1;
    }
}
