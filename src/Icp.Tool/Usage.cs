using System.Reflection;

namespace Icp.Tool;

/// <summary>The help texts.</summary>
internal static class Usage
{
    /// <summary>The one-line hint appended to usage errors.</summary>
    public const string Hint = "usage: dotnet candid <encode|decode|check|generate> [options] ... (see dotnet candid --help)";

    public const string Main = """
        dotnet candid: encode, decode and check Candid messages and .did files,
        and generate typed C# clients from them.

        Usage:
          dotnet candid encode [TYPES] VALUES       text value -> binary message in hex
          dotnet candid decode [TYPES] [--pretty] HEX | - | --file PATH
                                                    binary message -> text value
          dotnet candid check FILE.did              parse, check and pretty-print a .did file
          dotnet candid generate FILE.did --namespace NS --output DIR [--client-name NAME]
                                                    write a typed C# client (types, converters, client class)
          dotnet candid --help | --version

        TYPES (optional; without them, encode infers types from the values and
        decode prints what the message's own type table says):
          --types "(nat, text)"                     an argument type list
          --did FILE --method NAME [--returns]      the arguments (or results) of a method
          --did FILE --types "(Account)"            a type list naming the file's types

        Run 'dotnet candid COMMAND --help' for the options of a command.
        Exit status: 0 on success, 1 on any error (one line on stderr).
        """;

    public const string Encode = """
        Usage: dotnet candid encode [TYPES] VALUES

        Encodes an argument list in the Candid text format, e.g. '(42, "hi")', and
        prints the binary message in lower-case hex. VALUES '-' reads the text from stdin.

          --types "(T, ...)"     encode at these argument types
          --did FILE             a .did file whose type definitions are in scope
          --method NAME          encode at the argument types of this method of the file's service
          --returns              with --method: at its result types instead
        Without types, they are inferred from the values (an unannotated number is an int).
        """;

    public const string Decode = """
        Usage: dotnet candid decode [TYPES] [--pretty] HEX | - | --file PATH

        Decodes a binary Candid message and prints its argument list in the text format.
        HEX may contain whitespace and a leading 0x; '-' reads the hex from stdin;
        --file PATH reads the raw binary message from a file.

          --types "(T, ...)"     decode at these argument types (with subtyping, as a canister would)
          --did FILE             a .did file whose type definitions are in scope
          --method NAME          decode at the argument types of this method of the file's service
          --returns              with --method: at its result types instead
          --pretty               lay long values out over several indented lines
        Without types, the message is printed as its own type table states it.
        """;

    public const string Check = """
        Usage: dotnet candid check FILE.did

        Parses a .did file (and the files it imports), checks it, and prints it in the
        layout of the reference printer. Errors point at file:line:column.
        """;

    public const string Generate = """
        Usage: dotnet candid generate FILE.did --namespace NS --output DIR [--client-name NAME] [--access internal]

        Generates C# from a .did file (and the files it imports): a record or variant
        hierarchy per Candid type, fast-path converters, and a client class with one
        async method per service method over an ICanisterTransport. Writes
        DIR/<CandidClass>.g.cs and, when the file has a service, DIR/<ClientName>.g.cs;
        files whose content is unchanged are not rewritten. Prints the paths written.

          --namespace NS         the C# namespace (required)
          --output DIR           the folder to write to, created if missing (required)
          --client-name NAME     the client class (default: the file name in PascalCase + Client)
          --candid-class NAME    the class of types and converters (default: NAME with Client -> Candid)
          --access ACCESS        public (default) or internal: the accessibility of the generated types
          --imports-file FILE    also write the files the .did imports (transitively) to FILE, ';'-separated
          --quiet                print nothing
        """;

    /// <summary>The tool's version, without build metadata.</summary>
    public static string Version
    {
        get
        {
            var assembly = typeof(Usage).Assembly;
            string? v = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString();
            if (v is null) return "unknown";
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? v : v[..plus];
        }
    }
}
