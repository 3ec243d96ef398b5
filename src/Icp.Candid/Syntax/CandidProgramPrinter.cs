namespace Icp.Candid;

/// <summary>
/// Prints a <see cref="CandidProgram"/> as a <c>.did</c> file in the layout of the reference printer
/// (<c>didc</c>): 80 columns, two-space indentation, doc comments kept. The output parses back to an equal program.
/// </summary>
public static class CandidProgramPrinter
{
    /// <summary>The line width the layout aims for.</summary>
    public const int LineWidth = 80;

    /// <summary>The program as <c>.did</c> source: definitions, then the service. Imports are already merged in.</summary>
    public static string Print(CandidProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var doc = PrettyDoc.Lines(program.Definitions.Select(d =>
            Docs(d.Doc).Append(PrettyDoc.Keyword("type")).Append(PrettyDoc.Keyword(CandidIdentifiers.Format(d.Name)))
                .Append(PrettyDoc.Keyword("=")).Append(Type(d.Type)).Append(";")));
        if (program.Service is { } s)
        {
            var body = s.Type is ServiceType st ? Methods(st) : Type(s.Type);
            if (s.InitArguments is { } init) body = Parameters(init).Append(" ->").Append(" ").Append(body);
            doc = doc.Append(Docs(s.Doc)).Append(PrettyDoc.Keyword("service :")).Append(body).Append(PrettyDoc.Hardline);
        }
        return doc.Render(LineWidth);
    }

    /// <summary>One type, over several lines when it does not fit in <see cref="LineWidth"/> columns.</summary>
    public static string PrintType(CandidType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Type(type).Render(LineWidth);
    }

    private static PrettyDoc Docs(string? doc) =>
        doc is null ? PrettyDoc.Nil : PrettyDoc.Lines(doc.Split('\n').Select(l => PrettyDoc.Text("// " + l)));

    private static PrettyDoc Type(CandidType type) => type switch
    {
        CandidTypeReference r => PrettyDoc.Text(CandidIdentifiers.Format(r.Name)),
        PrimitiveType p => PrettyDoc.Text(p.Kind.Keyword()),
        OptType o => PrettyDoc.Keyword("opt").Append(Type(o.Inner)),
        VecType { Element: PrimitiveType { Kind: CandidKind.Nat8 } } => PrettyDoc.Text("blob"),
        VecType v => PrettyDoc.Keyword("vec").Append(Type(v.Element)),
        RecordType { IsTuple: true } t => PrettyDoc.Keyword("record").Append(
            PrettyDoc.Enclose("{", PrettyDoc.Concat(t.Fields.Select(f => Type(f.Type)), ";"), "}", space: true)),
        RecordType t => PrettyDoc.Keyword("record").Append(Fields(t, isVariant: false)),
        VariantType t => PrettyDoc.Keyword("variant").Append(Fields(t, isVariant: true)),
        FuncType f => PrettyDoc.Keyword("func").Append(Signature(f)),
        ServiceType s => PrettyDoc.Keyword("service").Append(Methods(s)),
        _ => throw new ArgumentException($"unknown type node {type.GetType().Name}", nameof(type)),
    };

    private static PrettyDoc Fields(FieldListType type, bool isVariant) =>
        PrettyDoc.Enclose("{", PrettyDoc.Concat(type.Fields.Select(f =>
        {
            var label = Docs(f.Doc).Append(CandidNumberText.Label(f.Label));
            return isVariant && f.Type is PrimitiveType { Kind: CandidKind.Null } ? label : label.Append(" : ").Append(Type(f.Type));
        }), ";"), "}", space: true);

    private static PrettyDoc Signature(FuncType f)
    {
        PrettyDoc modes = PrettyDoc.Nil;
        if ((f.Modes & FuncModes.Query) != 0) modes = modes.Append(" query");
        if ((f.Modes & FuncModes.CompositeQuery) != 0) modes = modes.Append(" composite_query");
        if ((f.Modes & FuncModes.Oneway) != 0) modes = modes.Append(" oneway");
        return Parameters(f.Arguments).Append(" ->").Append(" ").Append(Parameters(f.Results).Append(modes)).Nest(2);
    }

    private static PrettyDoc Parameters(IEnumerable<CandidParameter> parameters) =>
        PrettyDoc.Enclose("(", PrettyDoc.Concat(parameters.Select(p =>
            p.Name is { } n ? PrettyDoc.Text(CandidIdentifiers.Format(n)).Append(" : ").Append(Type(p.Type)) : Type(p.Type)), ","), ")", space: false);

    private static PrettyDoc Methods(ServiceType s) =>
        PrettyDoc.Enclose("{", PrettyDoc.Concat(s.Methods.Select(m =>
            Docs(m.Doc).Append(CandidIdentifiers.Format(m.Name)).Append(" : ")
                .Append(m.Type is FuncType f ? Signature(f) : Type(m.Type))), ";"), "}", space: true);
}
