using Icp.Candid;
using Icp.Candid.Generator;

namespace Icp.Tool;

/// <summary><c>generate FILE.did --namespace NS --output DIR [--client-name NAME]</c>: writes a typed C# client.</summary>
internal static class GenerateCommand
{
    public const string Name = "generate";

    public static int Run(IReadOnlyList<string> argv, ToolContext context)
    {
        var args = ToolArguments.Parse(Name, argv,
            new OptionSpec("--help", false), new OptionSpec("--namespace", true), new OptionSpec("--output", true),
            new OptionSpec("--client-name", true), new OptionSpec("--candid-class", true), new OptionSpec("--access", true),
            new OptionSpec("--imports-file", true), new OptionSpec("--quiet", false));
        if (args.Has("--help"))
        {
            context.Stdout.WriteLine(Usage.Generate);
            return 0;
        }
        if (args.Positional.Count != 1)
            throw new UsageException(args.Positional.Count == 0
                ? "generate: expected a .did file"
                : $"generate: expected one .did file but got {args.Positional.Count} arguments");
        string ns = args.Value("--namespace") ?? throw new UsageException("generate: --namespace NS is required");
        string output = args.Value("--output") ?? throw new UsageException("generate: --output DIR is required");
        string path = args.Positional[0];

        var access = args.Value("--access") switch
        {
            null or "public" => GeneratedAccess.Public,
            "internal" => GeneratedAccess.Internal,
            var other => throw new UsageException($"generate: --access must be public or internal, not '{other}'"),
        };
        var program = TypeOptions.LoadProgram(path);
        var options = new GeneratorOptions
        {
            Namespace = ns,
            ClientName = args.Value("--client-name") ?? CSharpClientGenerator.DefaultClientName(path),
            CandidClassName = args.Value("--candid-class"),
            SourceName = Path.GetFileName(path),
            Access = access,
        };
        IReadOnlyList<GeneratedFile> files;
        try
        {
            files = CSharpClientGenerator.Generate(program, options);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"generate: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
        catch (CandidTypeException ex)
        {
            throw new ToolException($"{path}: {ex.Message}");
        }

        Directory.CreateDirectory(output);
        foreach (var file in files)
        {
            string target = Path.Combine(output, file.Name);
            // Unchanged files keep their timestamp, so builds that depend on them stay incremental.
            WriteIfChanged(target, file.Text);
            if (!args.Has("--quiet")) context.Stdout.WriteLine(target);
        }
        // The imported files, for builds to watch (the MSBuild Candid item regenerates when one changes).
        if (args.Value("--imports-file") is { } importsFile) WriteIfChanged(importsFile, string.Join(";", DidImports.Find(path)));
        return 0;
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        File.WriteAllText(path, text);
    }
}
