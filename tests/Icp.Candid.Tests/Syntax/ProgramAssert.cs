namespace Icp.Candid.Tests.Syntax;

/// <summary>Compares programs: the same definitions (by name and type) and an equal service.</summary>
internal static class ProgramAssert
{
    public static void Equal(CandidProgram expected, CandidProgram actual)
    {
        Assert.Equal(expected.Definitions.Select(d => d.Name).Order(StringComparer.Ordinal), actual.Definitions.Select(d => d.Name).Order(StringComparer.Ordinal));
        foreach (var d in expected.Definitions)
            Assert.Equal(d.Type, actual.FindDefinition(d.Name)!.Type);
        Assert.Equal(expected.Service, actual.Service);
    }

    /// <summary>Print, parse the output, and check the two programs are equal; returns the printed text.</summary>
    public static string RoundTrip(CandidProgram program)
    {
        string printed = CandidProgramPrinter.Print(program);
        CandidProgram again;
        try
        {
            again = CandidProgram.Parse(printed, null);
        }
        catch (CandidSyntaxException e)
        {
            throw new Xunit.Sdk.XunitException($"printed program does not parse: {e.Message}\n{printed}");
        }
        Equal(program, again);
        Assert.Equal(printed, CandidProgramPrinter.Print(again));
        return printed;
    }
}
