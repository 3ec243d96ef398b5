using System.Globalization;

namespace Icp.Candid.Generator;

/// <summary>Plans the C# types of a program (names, mappings, converters) and writes the files.</summary>
internal sealed class ClientEmitter
{
    private const string C = "global::Icp.Candid.";

    private static readonly string[] ReservedMembers =
    [
        "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
        "ReferenceEquals", "PrintMembers", "Deconstruct", "Converter", "Clone",
    ];

    private readonly CandidProgram _program;
    private readonly GeneratorOptions _options;
    private readonly string _clientName;
    private readonly string _candidName;
    private readonly string _ns;     // global::My.Ns.
    private readonly string _cc;     // global::My.Ns.XCandid.
    private readonly string _types;  // global::My.Ns.XCandid.Types.
    private readonly string _access; // of top-level types: public or internal

    private readonly NameScope _typeScope;
    private readonly NameScope _typesScope = new("Types");
    private readonly NameScope _candidScope;
    private readonly Dictionary<string, string> _defField = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GenType> _defType = new(StringComparer.Ordinal);
    private readonly Dictionary<CandidType, GenType> _nodeType = new(ReferenceEqualityComparer.Instance);
    private readonly List<GenType> _genTypes = [];
    private readonly Dictionary<string, string> _composedByCtor = new(StringComparer.Ordinal);
    private readonly List<(string Name, string FieldType, string Ctor, string Doc)> _composed = [];
    private readonly ServiceType? _service;

    public ClientEmitter(CandidProgram program, GeneratorOptions options, string clientName, string candidName)
    {
        _program = program;
        _options = options;
        _clientName = clientName;
        _candidName = candidName;
        _ns = "global::" + options.Namespace + ".";
        _cc = _ns + candidName + ".";
        _types = _cc + "Types.";
        _access = options.Access == GeneratedAccess.Internal ? "internal" : "public";
        _typeScope = new NameScope(clientName, candidName, "Converter");
        _candidScope = new NameScope("Types", candidName);
        _service = options.GenerateClient && program.Service is not null ? program.ResolveService() : null;
    }

    public IReadOnlyList<GeneratedFile> Run()
    {
        Plan();
        // The client first: its parameters may need converters that the types file declares.
        string? client = _service is null ? null : EmitClientFile(_service);
        var files = new List<GeneratedFile> { new(_candidName + ".g.cs", EmitTypesFile()) };
        if (client is not null) files.Add(new GeneratedFile(_clientName + ".g.cs", client));
        return files;
    }

    // ---------------------------------------------------------------- planning

    private void Plan()
    {
        var wrapped = AliasCycles();
        foreach (var d in _program.Definitions)
        {
            string pascal = CSharpNames.Pascal(d.Name) ?? "Type";
            _defField[d.Name] = _typesScope.Allocate(pascal);
            GenType? gt = d.Type switch
            {
                RecordType r => new GenType(GenKind.Record, _typeScope.Allocate(pascal), r) { DefinitionName = d.Name, Doc = d.Doc },
                VariantType v => new GenType(GenKind.Variant, _typeScope.Allocate(pascal), v) { DefinitionName = d.Name, Doc = d.Doc },
                // A cycle of aliases always has a member that is not a plain renaming (Candid rejects type A = B; type B = A);
                // wrapping those breaks it, and renamings map to what they rename.
                not CandidTypeReference when wrapped.Contains(d.Name) => new GenType(GenKind.Wrapper, _typeScope.Allocate(pascal), d.Type) { DefinitionName = d.Name, Doc = d.Doc },
                _ => null,
            };
            if (gt is null) continue;
            _defType[d.Name] = gt;
            if (gt.Kind != GenKind.Wrapper) _nodeType[gt.Node] = gt;
            _genTypes.Add(gt);
        }

        // Anonymous records and variants, named after where they first occur.
        var visited = new HashSet<GenType>();
        foreach (var d in _program.Definitions)
        {
            if (_defType.TryGetValue(d.Name, out var gt))
            {
                if (gt.Kind == GenKind.Wrapper) Walk(d.Type, gt.Name + "Value", $"type {d.Name}", visited);
                else WalkFields(gt, visited);
            }
            else Walk(d.Type, CSharpNames.Pascal(d.Name) ?? "Type", $"type {d.Name}", visited);
        }
        if (_service is not null)
        {
            if (_program.Service!.InitArguments is { } init)
                WalkParameters(init, "Init", "Arg", "the init arguments", visited);
            foreach (var m in _service.Methods)
            {
                string baseName = CSharpNames.Pascal(m.Name) ?? "Method";
                WalkParameters(m.Func.Arguments, baseName, "Arg", $"the arguments of {m.Name}", visited);
                WalkParameters(m.Func.Results, baseName, "Result", $"the results of {m.Name}", visited);
            }
        }

        foreach (var gt in _genTypes)
        {
            gt.ConverterField = _candidScope.Allocate(gt.Name);
            gt.ConverterClass = _candidScope.Allocate(gt.Name + "Converter");
            if (gt.DefinitionName is not null) gt.TypeExpression = _types + _defField[gt.DefinitionName];
            else
            {
                gt.TypeField = _typesScope.Allocate(gt.Name);
                gt.TypeExpression = _types + gt.TypeField;
            }
        }
        foreach (var gt in _genTypes) PlanMembers(gt);
    }

    /// <summary>The alias definitions on a cycle of aliases (through opt, vec and names only): they need a C# type of their own.</summary>
    private HashSet<string> AliasCycles()
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var d in _program.Definitions)
        {
            if (d.Type is FieldListType) continue;
            var list = new List<string>();
            Collect(d.Type, list);
            edges[d.Name] = list;
        }
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(edges[start]);
            while (stack.Count > 0)
            {
                string n = stack.Pop();
                if (n == start) { result.Add(start); break; }
                if (!seen.Add(n) || !edges.TryGetValue(n, out var next)) continue;
                foreach (var e in next) stack.Push(e);
            }
        }
        return result;

        static void Collect(CandidType t, List<string> into)
        {
            switch (t)
            {
                case CandidTypeReference r: into.Add(r.Name); break;
                case OptType o: Collect(o.Inner, into); break;
                case VecType v: Collect(v.Element, into); break;
            }
        }
    }

    private void WalkParameters(IReadOnlyList<CandidParameter> ps, string baseName, string word, string origin, HashSet<GenType> visited)
    {
        for (int i = 0; i < ps.Count; i++)
        {
            string part = ps[i].Name is { } n && CSharpNames.Pascal(n) is { } pn ? pn
                : ps.Count == 1 ? word : word + i.ToString(CultureInfo.InvariantCulture);
            Walk(ps[i].Type, baseName + part, origin, visited);
        }
    }

    private void Walk(CandidType t, string path, string origin, HashSet<GenType> visited)
    {
        switch (t)
        {
            case OptType o:
                Walk(o.Inner, path, origin, visited);
                break;
            case VecType v when !v.IsBlob:
                Walk(v.Element, path + "Item", origin, visited);
                break;
            case FieldListType f:
                if (!_nodeType.TryGetValue(f, out var gt))
                {
                    gt = new GenType(f is RecordType ? GenKind.Record : GenKind.Variant, _typeScope.Allocate(path), f) { Origin = origin };
                    _nodeType[f] = gt;
                    _genTypes.Add(gt);
                }
                WalkFields(gt, visited);
                break;
        }
    }

    private void WalkFields(GenType gt, HashSet<GenType> visited)
    {
        if (!visited.Add(gt)) return;
        var f = (FieldListType)gt.Node;
        bool tuple = f is RecordType && f.IsTuple && f.Fields.Count > 0;
        for (int i = 0; i < f.DeclaredFields.Count; i++)
        {
            var field = f.DeclaredFields[i];
            string part = FieldName(field, i, tuple, f is VariantType);
            Walk(field.Type, gt.Name + (part.StartsWith('_') ? part[1..] : part), $"{gt.Name}.{part}", visited);
        }
    }

    private static string FieldName(CandidField field, int index, bool tuple, bool variant)
    {
        if (tuple) return "Item" + (index + 1).ToString(CultureInfo.InvariantCulture);
        if (field.Label.Name is { } n && CSharpNames.Pascal(n) is { } p) return p;
        return (variant ? "Case" : "Field") + field.Label.Id.ToString(CultureInfo.InvariantCulture);
    }

    private void PlanMembers(GenType gt)
    {
        var scope = new NameScope([.. ReservedMembers, gt.Name, .. gt.Kind == GenKind.Variant ? new[] { "Value" } : []]);
        switch (gt.Kind)
        {
            case GenKind.Wrapper:
            {
                var type = MapType(gt.Node);
                gt.Members.Add(new GenMember(new CandidField(CandidLabel.FromId(0), gt.Node), "Value", type, ConverterFor(gt.Node), 0, IsRequired(type, gt.Node)));
                break;
            }
            case GenKind.Record:
            {
                var r = (RecordType)gt.Node;
                gt.IsTuple = r.IsTuple && r.Fields.Count > 0;
                for (int i = 0; i < r.DeclaredFields.Count; i++)
                {
                    var field = r.DeclaredFields[i];
                    var type = MapType(field.Type);
                    gt.Members.Add(new GenMember(field, scope.Allocate(FieldName(field, i, gt.IsTuple, false)), type, ConverterFor(field.Type),
                        r.IndexOf(field.Label.Id), IsRequired(type, field.Type)));
                }
                break;
            }
            case GenKind.Variant:
            {
                var v = (VariantType)gt.Node;
                for (int i = 0; i < v.DeclaredFields.Count; i++)
                {
                    var field = v.DeclaredFields[i];
                    bool payload = field.Type.Resolve().Kind != CandidKind.Null;
                    gt.Members.Add(new GenMember(field, scope.Allocate(FieldName(field, i, false, true)),
                        payload ? MapType(field.Type) : null, payload ? ConverterFor(field.Type) : null, v.IndexOf(field.Label.Id), true));
                }
                break;
            }
        }
    }

    /// <summary>A property must be set unless its Candid type may be missing (opt, null, reserved); a non-nullable
    /// reference is always required, or the compiler rightly complains.</summary>
    private static bool IsRequired(CsType type, CandidType candid) => !type.IsNullable && (!type.IsValueType || !IsNullLike(candid));

    /// <summary>Types whose missing values are fine: opt, null, reserved.</summary>
    private static bool IsNullLike(CandidType t) => t.Resolve().Kind is CandidKind.Opt or CandidKind.Null or CandidKind.Reserved;

    // ---------------------------------------------------------------- mapping

    private CsType MapType(CandidType t)
    {
        switch (t)
        {
            case CandidTypeReference r:
                if (_defType.TryGetValue(r.Name, out var named)) return new CsType(_ns + named.Name, false, false);
                return MapType(Definition(r.Name));
            case PrimitiveType p:
                return Primitive(p.Kind).Type;
            case OptType o:
            {
                var inner = MapType(o.Inner);
                if (IsNullLike(o.Inner)) return new CsType($"{C}CandidOption<{inner.Name}>", true, false);
                return new CsType(inner.Name + "?", inner.IsValueType, true);
            }
            case VecType v:
                return v.IsBlob ? new CsType("byte[]", false, false) : new CsType(MapType(v.Element).Name + "[]", false, false);
            case FieldListType f:
                return new CsType(_ns + _nodeType[f].Name, false, false);
            case FuncType:
                return new CsType(C + "CandidFunc", false, false);
            case ServiceType:
                return new CsType(C + "Principal", false, false);
            default:
                throw new CandidTypeException($"the type {t} has no C# mapping");
        }
    }

    private CandidType Definition(string name) =>
        _program.FindDefinition(name)?.Type ?? throw new CandidTypeException($"type '{name}' is not defined");

    private static (CsType Type, string Converter) Primitive(CandidKind kind)
    {
        (string name, bool value) = kind switch
        {
            CandidKind.Null => (C + "CandidNull", true),
            CandidKind.Bool => ("bool", true),
            CandidKind.Nat => (C + "Nat", true),
            CandidKind.Int => ("global::System.Numerics.BigInteger", true),
            CandidKind.Nat8 => ("byte", true),
            CandidKind.Nat16 => ("ushort", true),
            CandidKind.Nat32 => ("uint", true),
            CandidKind.Nat64 => ("ulong", true),
            CandidKind.Int8 => ("sbyte", true),
            CandidKind.Int16 => ("short", true),
            CandidKind.Int32 => ("int", true),
            CandidKind.Int64 => ("long", true),
            CandidKind.Float32 => ("float", true),
            CandidKind.Float64 => ("double", true),
            CandidKind.Text => ("string", false),
            CandidKind.Reserved => (C + "CandidReserved", true),
            CandidKind.Empty => (C + "CandidEmpty", false),
            CandidKind.Principal => (C + "Principal", false),
            _ => throw new CandidTypeException($"{kind} is not a primitive type"),
        };
        return (new CsType(name, value, false), C + "CandidConverters." + CSharpNames.Pascal(kind.Keyword()));
    }

    /// <summary>An expression for the converter of <paramref name="t"/>.</summary>
    private string ConverterFor(CandidType t)
    {
        switch (t)
        {
            case CandidTypeReference r:
                if (_defType.TryGetValue(r.Name, out var named)) return _cc + named.ConverterField;
                var body = Definition(r.Name);
                // References keep their name in the type table; structure is only expanded for records and such.
                return body.Resolve() switch
                {
                    FuncType => Composed($"new {C}CandidFuncConverter({TypeExpression(r)})", $"{C}CandidFuncConverter", Hint(r), r),
                    ServiceType => Composed($"new {C}ServiceReferenceConverter({TypeExpression(r)})", $"{C}ServiceReferenceConverter", Hint(r), r),
                    _ => ConverterFor(body),
                };
            case PrimitiveType p:
                return Primitive(p.Kind).Converter;
            case OptType o:
            {
                var inner = MapType(o.Inner);
                string innerConverter = ConverterFor(o.Inner);
                if (IsNullLike(o.Inner))
                    return Composed($"new {C}CandidOptionConverter<{inner.Name}>({innerConverter})", $"{C}CandidConverter<{C}CandidOption<{inner.Name}>>", Hint(o), o);
                string kind = inner.IsValueType ? "NullableConverter" : "OptionalConverter";
                return Composed($"new {C}{kind}<{inner.Name}>({innerConverter})", $"{C}CandidConverter<{inner.Name}?>", Hint(o), o);
            }
            case VecType v:
            {
                if (v.IsBlob) return C + "CandidConverters.Blob";
                var element = MapType(v.Element);
                return Composed($"new {C}ArrayConverter<{element.Name}>({ConverterFor(v.Element)})", $"{C}CandidConverter<{element.Name}[]>", Hint(v), v);
            }
            case FieldListType f:
                return _cc + _nodeType[f].ConverterField;
            case FuncType:
                return Composed($"new {C}CandidFuncConverter({TypeExpression(t)})", $"{C}CandidFuncConverter", Hint(t), t);
            case ServiceType:
                return Composed($"new {C}ServiceReferenceConverter({TypeExpression(t)})", $"{C}ServiceReferenceConverter", Hint(t), t);
            default:
                throw new CandidTypeException($"the type {t} has no C# mapping");
        }
    }

    private string Composed(string ctor, string fieldType, string hint, CandidType type)
    {
        if (!_composedByCtor.TryGetValue(ctor, out var name))
        {
            name = _candidScope.Allocate(hint);
            _composedByCtor[ctor] = name;
            _composed.Add((name, fieldType, ctor, CSharpNames.Xml(type.ToString())));
        }
        return _cc + name;
    }

    private string Hint(CandidType t) => t switch
    {
        CandidTypeReference r => _defType.TryGetValue(r.Name, out var g) ? g.Name : CSharpNames.Pascal(r.Name) ?? "Type",
        PrimitiveType p => CSharpNames.Pascal(p.Kind.Keyword())!,
        OptType o => "Opt" + Hint(o.Inner),
        VecType v => v.IsBlob ? "Blob" : "Vec" + Hint(v.Element),
        FieldListType f => _nodeType.TryGetValue(f, out var g) ? g.Name : "Record",
        FuncType => "Func",
        ServiceType => "Service",
        _ => "Type",
    };

    /// <summary>An expression that builds the Candid type <paramref name="t"/> (names refer to the Types fields).</summary>
    private string TypeExpression(CandidType t) => t switch
    {
        CandidTypeReference r => _types + _defField[r.Name],
        PrimitiveType p => C + "CandidType." + CSharpNames.Pascal(p.Kind.Keyword()),
        OptType o => $"{C}CandidType.Opt({TypeExpression(o.Inner)})",
        VecType { Element: PrimitiveType { Kind: CandidKind.Nat8 } } => C + "CandidType.Blob",
        VecType v => $"{C}CandidType.Vec({TypeExpression(v.Element)})",
        FieldListType f => $"{C}CandidType.{(f is RecordType ? "Record" : "Variant")}([{string.Join(", ", f.DeclaredFields.Select(x => $"new {C}CandidField({Label(x.Label)}, {TypeExpression(x.Type)})"))}])",
        FuncType fn => $"new {C}FuncType([{Parameters(fn.Arguments)}], [{Parameters(fn.Results)}]{Modes(fn.Modes)})",
        ServiceType s => $"new {C}ServiceType([{string.Join(", ", s.Methods.Select(m => $"new {C}CandidMethod({CSharpNames.Literal(m.Name)}, {TypeExpression(m.Type)})"))}])",
        _ => throw new CandidTypeException($"the type {t} has no C# mapping"),
    };

    private string Parameters(IReadOnlyList<CandidParameter> ps) => string.Join(", ", ps.Select(p =>
        p.Name is null ? $"new {C}CandidParameter({TypeExpression(p.Type)})" : $"new {C}CandidParameter({TypeExpression(p.Type)}, {CSharpNames.Literal(p.Name)})"));

    private static string Modes(FuncModes modes) => modes switch
    {
        FuncModes.None => "",
        FuncModes.Query => $", {C}FuncModes.Query",
        FuncModes.Oneway => $", {C}FuncModes.Oneway",
        FuncModes.CompositeQuery => $", {C}FuncModes.CompositeQuery",
        _ => $", ({C}FuncModes){(int)modes}",
    };

    private static string Label(CandidLabel l) => l.Name is { } n
        ? $"{C}CandidLabel.FromName({CSharpNames.Literal(n)})"
        : $"{C}CandidLabel.FromId({l.Id.ToString(CultureInfo.InvariantCulture)}u)";

    private static string NameAttribute(CandidLabel l) => l.Name is { } n
        ? $"[{C}CandidName({CSharpNames.Literal(n)})]"
        : $"[{C}CandidName({l.Id.ToString(CultureInfo.InvariantCulture)}u)]";

    private static string Code(string candid) => $"<c>{CSharpNames.Xml(candid)}</c>";

    // ---------------------------------------------------------------- the types file

    private string Header() =>
        "// <auto-generated/>\n" +
        $"// Generated by Icp.Candid.Generator {CSharpClientGenerator.Version}{(_options.SourceName is { } s ? " from " + s.Replace('\n', ' ').Replace('\r', ' ') : "")}. Do not edit: changes are lost when it is generated again.\n" +
        "#nullable enable\n\n" +
        $"namespace {_options.Namespace};\n\n";

    private string Generated => $"[global::System.CodeDom.Compiler.GeneratedCode(\"Icp.Candid.Generator\", \"{CSharpClientGenerator.Version}\")]";

    private string EmitTypesFile()
    {
        var w = new CodeWriter();
        foreach (var gt in _genTypes)
        {
            switch (gt.Kind)
            {
                case GenKind.Record: EmitRecord(w, gt); break;
                case GenKind.Variant: EmitVariant(w, gt); break;
                default: EmitWrapper(w, gt); break;
            }
            w.Line();
        }
        EmitCandidClass(w);
        return Header() + w;
    }

    private static string Describe(GenType gt, string what) => gt.DefinitionName is { } d
        ? $"The Candid {what} {Code(d)}."
        : $"A Candid {what} without a name in the .did file: {CSharpNames.Xml(gt.Origin ?? "")}.";

    private void ConverterProperty(CodeWriter w, GenType gt)
    {
        w.Line("/// <summary>The fast-path converter of this type.</summary>");
        w.Line($"public static {C}CandidConverter<{_ns}{gt.Name}> Converter => {_cc}{gt.ConverterField};");
    }

    private void EmitRecord(CodeWriter w, GenType gt)
    {
        w.Summary(gt.Doc, Describe(gt, gt.IsTuple ? "tuple" : "record"));
        w.Line(Generated);
        w.Open($"{_access} sealed partial record {gt.Name}");
        foreach (var m in gt.Members)
        {
            w.Summary(m.Field.Doc, gt.IsTuple
                ? $"Element {m.Field.Label.Id.ToString(CultureInfo.InvariantCulture)} of the tuple."
                : $"The field {Code(CandidIdentifiers.Format(m.Field.Label))}.");
            w.Line(NameAttribute(m.Field.Label));
            w.Line($"public {(m.Required ? "required " : "")}{m.Type!.Name} {m.Name} {{ get; init; }}");
            w.Line();
        }
        ConverterProperty(w, gt);
        w.Close();
    }

    private void EmitVariant(CodeWriter w, GenType gt)
    {
        w.Summary(gt.Doc, Describe(gt, "variant"));
        w.Line(Generated);
        w.Line($"[{C}CandidVariant]");
        w.Open($"{_access} abstract partial record {gt.Name}");
        w.Line($"private {gt.Name}() {{ }}");
        w.Line();
        foreach (var m in gt.Members)
        {
            w.Summary(m.Field.Doc, $"The alternative {Code(CandidIdentifiers.Format(m.Field.Label))}.");
            if (m.Type is not null) w.Line("/// <param name=\"Value\">The payload.</param>");
            w.Line(NameAttribute(m.Field.Label));
            w.Line(m.Type is null
                ? $"public sealed partial record {m.Name} : {_ns}{gt.Name};"
                : $"public sealed partial record {m.Name}({m.Type.Name} Value) : {_ns}{gt.Name};");
            w.Line();
        }
        ConverterProperty(w, gt);
        w.Close();
    }

    private void EmitWrapper(CodeWriter w, GenType gt)
    {
        w.Summary(gt.Doc, $"The Candid type {Code(gt.DefinitionName!)}, {Code(gt.Node.ToString())}: recursive through aliases only, so it is wrapped in a record.");
        w.Line(Generated);
        w.Open($"{_access} sealed partial record {gt.Name}");
        var m = gt.Members[0];
        w.Line("/// <summary>The value.</summary>");
        w.Line($"public {(m.Required ? "required " : "")}{m.Type!.Name} Value {{ get; init; }}");
        w.Line();
        ConverterProperty(w, gt);
        w.Close();
    }

    private void EmitCandidClass(CodeWriter w)
    {
        string source = _options.SourceName is { } s ? " of " + Code(s) : "";
        w.Line($"/// <summary>The Candid types and fast-path converters{source}.</summary>");
        w.Line(Generated);
        w.Open($"{_access} static partial class {_candidName}");

        w.Line("/// <summary>The Candid types: a reference per definition (bound to it), and the types of anonymous records and variants.</summary>");
        w.Open("public static class Types");
        foreach (var d in _program.Definitions)
        {
            w.Line($"/// <summary>The type {Code(d.Name)}.</summary>");
            w.Line($"public static readonly {C}CandidTypeReference {_defField[d.Name]} = {C}CandidType.Reference({CSharpNames.Literal(d.Name)});");
        }
        foreach (var gt in _genTypes.Where(g => g.TypeField is not null))
        {
            w.Line($"/// <summary>The type of <see cref=\"{_ns}{gt.Name}\"/>.</summary>");
            w.Line($"public static readonly {C}CandidType {gt.TypeField} = {TypeExpression(gt.Node)};");
        }
        if (_program.Definitions.Count > 0)
        {
            w.Line();
            w.Open("static Types()");
            foreach (var d in _program.Definitions) w.Line($"{_defField[d.Name]}.Bind({TypeExpression(d.Type)});");
            w.Close();
        }
        w.Close();

        foreach (var gt in _genTypes)
        {
            w.Line();
            w.Line($"/// <summary>The converter of <see cref=\"{_ns}{gt.Name}\"/>.</summary>");
            w.Line($"public static readonly {gt.ConverterClass} {gt.ConverterField} = new();");
        }
        foreach (var (name, fieldType, ctor, doc) in _composed)
        {
            w.Line();
            w.Line($"/// <summary>The converter of <c>{doc}</c>.</summary>");
            w.Line($"public static readonly {fieldType} {name} = {ctor};");
        }
        foreach (var gt in _genTypes)
        {
            w.Line();
            EmitConverter(w, gt);
        }
        w.Close();
    }

    private void EmitConverter(CodeWriter w, GenType gt)
    {
        string type = _ns + gt.Name;
        w.Line($"/// <summary>Reads and writes <see cref=\"{type}\"/> without reflection.</summary>");
        w.Open($"public sealed class {gt.ConverterClass} : {C}CandidConverter<{type}>");
        if (gt.Kind != GenKind.Wrapper)
        {
            string labels = string.Join(", ", gt.Members.Select(m => Label(m.Field.Label)));
            string optional = gt.Kind == GenKind.Record && gt.Members.Any(m => IsNullLike(m.Field.Type))
                ? ", [" + string.Join(", ", gt.Members.Select(m => IsNullLike(m.Field.Type) ? "true" : "false")) + "]"
                : "";
            w.Line($"private static readonly {C}CandidShape Shape = new([{labels}]{optional});");
            w.Line();
        }
        w.Line($"internal {gt.ConverterClass}() {{ }}");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public override {C}CandidType CandidType => {gt.TypeExpression};");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open($"public override {type} Read(ref {C}CandidReader reader, {C}CandidWireType wire)");
        switch (gt.Kind)
        {
            case GenKind.Record: EmitRecordRead(w, gt); break;
            case GenKind.Variant: EmitVariantRead(w, gt); break;
            default: w.Line($"return new {type} {{ Value = {gt.Members[0].Converter}.Read(ref reader, wire) }};"); break;
        }
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open($"public override void Write({C}CandidWriter writer, {type} value)");
        switch (gt.Kind)
        {
            case GenKind.Record:
                w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                foreach (var m in gt.Members.OrderBy(m => m.SortedIndex)) w.Line($"{m.Converter}.Write(writer, value.{m.Name});");
                break;
            case GenKind.Variant: EmitVariantWrite(w, gt); break;
            default:
                w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                w.Line($"{gt.Members[0].Converter}.Write(writer, value.Value);");
                break;
        }
        w.Close();
        w.Close();
    }

    private void EmitRecordRead(CodeWriter w, GenType gt)
    {
        var ms = gt.Members;
        for (int i = 0; i < ms.Count; i++) w.Line($"{ms[i].Type!.Name} f{i} = default!;");
        w.Line($"var fields = {C}CandidRecordReader.Begin(ref reader, wire, Shape);");
        if (ms.Count == 0) w.Line("while (fields.Next(ref reader, out _, out _)) { }");
        else
        {
            w.Open("while (fields.Next(ref reader, out int field, out var fieldWire))");
            w.Open("switch (field)");
            for (int i = 0; i < ms.Count; i++)
            {
                string label = i == ms.Count - 1 ? "default" : "case " + i.ToString(CultureInfo.InvariantCulture);
                w.Line($"{label}: f{i} = {ms[i].Converter}.Read(ref reader, fieldWire); break;");
            }
            w.Close();
            w.Close();
        }
        w.Line("fields.End(ref reader);");
        if (ms.Count == 0) w.Line($"return new {_ns}{gt.Name}();");
        else
        {
            w.Line($"return new {_ns}{gt.Name}");
            w.Line("{");
            for (int i = 0; i < ms.Count; i++) w.Line($"    {ms[i].Name} = f{i},");
            w.Line("};");
        }
    }

    private void EmitVariantRead(CodeWriter w, GenType gt)
    {
        var ms = gt.Members;
        if (ms.Count == 0)
        {
            w.Line("reader.ReadVariant(wire, Shape, out _);");
            w.Line("throw reader.Mismatch(\"the variant has no alternatives\");");
            return;
        }
        w.Line("int index = reader.ReadVariant(wire, Shape, out var alternativeWire);");
        w.Line("reader.Enter();");
        w.Line($"{_ns}{gt.Name} result;");
        w.Open("switch (index)");
        for (int i = 0; i < ms.Count; i++)
        {
            string label = i == ms.Count - 1 ? "default" : "case " + i.ToString(CultureInfo.InvariantCulture);
            string alt = $"{_ns}{gt.Name}.{ms[i].Name}";
            w.Line(ms[i].Converter is { } conv
                ? $"{label}: result = new {alt}({conv}.Read(ref reader, alternativeWire)); break;"
                : $"{label}: {C}CandidConverters.Null.Read(ref reader, alternativeWire); result = new {alt}(); break;");
        }
        w.Close();
        w.Line("reader.Leave();");
        w.Line("return result;");
    }

    private void EmitVariantWrite(CodeWriter w, GenType gt)
    {
        w.Open("switch (value)");
        for (int i = 0; i < gt.Members.Count; i++)
        {
            var m = gt.Members[i];
            string index = $"writer.WriteUnsignedLeb128({m.SortedIndex.ToString(CultureInfo.InvariantCulture)}UL);";
            w.Line(m.Converter is { } conv
                ? $"case {_ns}{gt.Name}.{m.Name} v{i}: {index} {conv}.Write(writer, v{i}.Value); break;"
                : $"case {_ns}{gt.Name}.{m.Name}: {index} break;");
        }
        w.Line($"default: throw new {C}CandidEncodeException(value is null ? \"a variant value cannot be null\" : \"unknown alternative \" + value.GetType().Name, \"\");");
        w.Close();
    }

    // ---------------------------------------------------------------- the client file

    private sealed record Param(string Name, CsType Type, string Converter, string Doc);

    private List<Param> Params(IReadOnlyList<CandidParameter> ps, NameScope scope)
    {
        var list = new List<Param>();
        for (int i = 0; i < ps.Count; i++)
        {
            var p = ps[i];
            string name = scope.Allocate(MemberNames.Parameter(p, i, ps.Count));
            string doc = p.Name is { } pn ? $"The argument {Code(pn)}" : $"Argument {i.ToString(CultureInfo.InvariantCulture)}";
            list.Add(new Param(name, MapType(p.Type), ConverterFor(p.Type), $"{doc} ({Code(p.Type.ToString())})."));
        }
        return list;
    }

    private static string ResultType(IReadOnlyList<CsType> results) => results.Count switch
    {
        0 => "",
        1 => results[0].Name,
        _ => "(" + string.Join(", ", results.Select(r => r.Name)) + ")",
    };

    private string EmitClientFile(ServiceType service)
    {
        var decl = _program.Service!;
        var w = new CodeWriter();
        var members = new NameScope([_clientName, "CanisterId", "EncodeInitArgs", "_transport", .. ReservedMembers]);

        w.Summary(decl.Doc, $"A client of the canister{(_options.SourceName is { } s ? " described by " + Code(s) : "")}: one method per Candid method, over an <see cref=\"{C}ICanisterTransport\"/>.");
        w.Line(Generated);
        w.Open($"{_access} sealed partial class {_clientName}");
        w.Line($"private readonly {C}ICanisterTransport _transport;");
        w.Line();
        w.Line("/// <summary>A client of the canister <paramref name=\"canisterId\"/> that sends its calls through <paramref name=\"transport\"/>.</summary>");
        w.Line("/// <param name=\"transport\">Sends calls and returns replies (the agent, or a test double).</param>");
        w.Line("/// <param name=\"canisterId\">The canister called.</param>");
        w.Open($"public {_clientName}({C}ICanisterTransport transport, {C}Principal canisterId)");
        w.Line("_transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));");
        w.Line("CanisterId = canisterId ?? throw new global::System.ArgumentNullException(nameof(canisterId));");
        w.Close();
        w.Line();
        w.Line("/// <summary>The canister called.</summary>");
        w.Line($"public {C}Principal CanisterId {{ get; }}");

        if (decl.InitArguments is { } init)
        {
            var ps = Params(init, new NameScope("writer"));
            w.Line();
            w.Line("/// <summary>Encodes the canister's init arguments (for installing the canister).</summary>");
            foreach (var p in ps) w.Line($"/// <param name=\"{p.Name.TrimStart('@')}\">{p.Doc}</param>");
            w.Line("/// <returns>The Candid message.</returns>");
            w.Open($"public static byte[] EncodeInitArgs({string.Join(", ", ps.Select(p => $"{p.Type.Name} {p.Name}"))})");
            EmitEncodeBody(w, ps);
            w.Close();
        }

        var stems = MemberNames.MethodStems(service.Methods.Select(m => m.Name).ToList(), _clientName);
        for (int mi = 0; mi < service.Methods.Count; mi++)
        {
            var m = service.Methods[mi];
            var func = m.Func;
            string stem = members.AllocateStem(stems[mi], "{0}Async", "Encode{0}", "Decode{0}");
            string method = stem + "Async", encode = "Encode" + stem, decode = "Decode" + stem;
            var ps = Params(func.Arguments, new NameScope("ct", "reply", "writer"));
            var results = func.Results.Select(r => (Type: MapType(r.Type), Converter: ConverterFor(r.Type))).ToList();
            string resultType = ResultType(results.Select(r => r.Type).ToList());
            string task = resultType.Length == 0 ? "global::System.Threading.Tasks.Task" : $"global::System.Threading.Tasks.Task<{resultType}>";
            string args = string.Join("", ps.Select(p => $"{p.Type.Name} {p.Name}, "));
            string call = string.Join(", ", ps.Select(p => p.Name));
            string quoted = CSharpNames.Literal(m.Name);
            string signature = m.Type is FuncType ? m.Type.ToString()["func ".Length..] : m.Type.ToString();

            w.Line();
            w.Summary(m.Doc, $"Calls {Code(m.Name)}.");
            w.Line($"/// <remarks>{Code($"{CandidIdentifiers.Format(m.Name)} : {signature}")}{(func.IsOneway ? " (oneway: the task completes once the call is sent)" : func.IsQuery ? " (a query)" : "")}</remarks>");
            foreach (var p in ps) w.Line($"/// <param name=\"{p.Name.TrimStart('@')}\">{p.Doc}</param>");
            w.Line("/// <param name=\"ct\">Cancels the call.</param>");
            if (results.Count > 0) w.Line($"/// <returns>The reply{(results.Count > 1 ? "'s values" : "")}.</returns>");
            w.Open($"public async {task} {method}({args}global::System.Threading.CancellationToken ct = default)");
            if (func.IsOneway)
                w.Line($"await _transport.SendAsync(CanisterId, {quoted}, {encode}({call}), ct).ConfigureAwait(false);");
            else
            {
                w.Line($"byte[] reply = await _transport.{(func.IsQuery ? "QueryAsync" : "CallAsync")}(CanisterId, {quoted}, {encode}({call}), ct).ConfigureAwait(false);");
                w.Line(results.Count == 0 ? $"{decode}(reply);" : $"return {decode}(reply);");
            }
            w.Close();

            w.Line();
            w.Open($"private static byte[] {encode}({string.Join(", ", ps.Select(p => $"{p.Type.Name} {p.Name}"))})");
            EmitEncodeBody(w, ps);
            w.Close();

            if (!func.IsOneway)
            {
                w.Line();
                w.Open($"private static {(resultType.Length == 0 ? "void" : resultType)} {decode}(byte[] reply)");
                w.Line($"var reader = new {C}CandidArgumentReader(new global::System.ReadOnlySpan<byte>(reply));");
                for (int i = 0; i < results.Count; i++) w.Line($"var r{i} = reader.Read({results[i].Converter});");
                w.Line("reader.End();");
                if (results.Count == 1) w.Line("return r0;");
                else if (results.Count > 1) w.Line($"return ({string.Join(", ", results.Select((_, i) => "r" + i.ToString(CultureInfo.InvariantCulture)))});");
                w.Close();
            }
        }
        w.Close();
        return Header() + w;
    }

    private static void EmitEncodeBody(CodeWriter w, List<Param> ps)
    {
        w.Line($"using var writer = new {C}CandidArgumentWriter({string.Join(", ", ps.Select(p => p.Converter + ".CandidType"))});");
        foreach (var p in ps) w.Line($"writer.Write({p.Converter}, {p.Name});");
        w.Line("return writer.ToArray();");
    }
}
