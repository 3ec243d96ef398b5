namespace Icp.Candid;

/// <summary>
/// Parses Candid types from tokens: primitives, <c>opt</c>, <c>vec</c>, <c>blob</c>, records (with tuple
/// fields and numeric ids), variants, function signatures and service bodies. Names become unbound
/// <see cref="CandidTypeReference"/> nodes registered with <see cref="CandidBindings"/>.
/// </summary>
internal sealed class CandidTypeParser(CandidTokenReader reader, CandidBindings bindings)
{
    private static readonly Dictionary<string, CandidType> Primitives = new(StringComparer.Ordinal)
    {
        ["null"] = CandidType.Null, ["bool"] = CandidType.Bool, ["nat"] = CandidType.Nat, ["int"] = CandidType.Int,
        ["nat8"] = CandidType.Nat8, ["nat16"] = CandidType.Nat16, ["nat32"] = CandidType.Nat32, ["nat64"] = CandidType.Nat64,
        ["int8"] = CandidType.Int8, ["int16"] = CandidType.Int16, ["int32"] = CandidType.Int32, ["int64"] = CandidType.Int64,
        ["float32"] = CandidType.Float32, ["float64"] = CandidType.Float64, ["text"] = CandidType.Text,
        ["reserved"] = CandidType.Reserved, ["empty"] = CandidType.Empty, ["principal"] = CandidType.Principal,
        ["blob"] = CandidType.Blob,
    };

    public CandidTokenReader Reader => reader;

    /// <summary>True when the next token can start a type.</summary>
    public bool AtType => reader.PeekKind() == CandidTokenKind.Identifier;

    public CandidType ParseType()
    {
        using var depth = reader.Enter();
        var t = reader.Peek();
        if (t.Kind != CandidTokenKind.Identifier) throw reader.Unexpected("a type");
        switch (t.Value)
        {
            case "opt":
                reader.Next();
                return CandidType.Opt(ParseType());
            case "vec":
                reader.Next();
                return CandidType.Vec(ParseType());
            case "record":
                return ParseFields(isVariant: false);
            case "variant":
                return ParseFields(isVariant: true);
            case "func":
                reader.Next();
                return ParseSignature();
            case "service":
                reader.Next();
                return ParseServiceBody();
        }
        if (Primitives.TryGetValue(t.Value, out var prim))
        {
            reader.Next();
            return prim;
        }
        if (CandidIdentifiers.Keywords.Contains(t.Value)) throw reader.Error(t, $"expected a type but found the keyword '{t.Value}'");
        reader.Next();
        return bindings.AddReference(t.Value, t, reader.File);
    }

    /// <summary><c>record { ... }</c> or <c>variant { ... }</c>, at the keyword.</summary>
    private CandidType ParseFields(bool isVariant)
    {
        var keyword = reader.Next();
        reader.Expect(CandidTokenKind.LBrace, "'{'");
        var fields = new List<CandidField>();
        uint next = 0; // the id of the next tuple field: one more than the last field's id
        while (reader.PeekKind() != CandidTokenKind.RBrace)
        {
            var start = reader.Peek();
            CandidLabel label;
            CandidType type;
            bool labelled = reader.PeekKind() is CandidTokenKind.Decimal or CandidTokenKind.Hex
                || (reader.AtName && (isVariant || reader.PeekKind(1) == CandidTokenKind.Colon));
            if (labelled)
            {
                label = ParseLabel(reader);
                type = !isVariant || reader.PeekKind() == CandidTokenKind.Colon
                    ? ExpectColonThenType()
                    : CandidType.Null;
            }
            else if (isVariant) throw reader.Unexpected("a variant alternative");
            else
            {
                label = CandidLabel.FromId(next);
                type = ParseType();
            }
            next = unchecked(label.Id + 1);
            fields.Add(new CandidField(label, type, start.Doc));
            if (!reader.Accept(CandidTokenKind.Semicolon)) break;
        }
        reader.Expect(CandidTokenKind.RBrace, "';' or '}'");
        try
        {
            return isVariant ? CandidType.Variant(fields) : CandidType.Record(fields);
        }
        catch (CandidTypeException e)
        {
            throw reader.Error(keyword, e.Message, e);
        }
    }

    private CandidType ExpectColonThenType()
    {
        reader.Expect(CandidTokenKind.Colon, "':'");
        return ParseType();
    }

    /// <summary>A field label: a name, a quoted name, or a decimal or hex number that fits in 32 bits.</summary>
    public static CandidLabel ParseLabel(CandidTokenReader reader)
    {
        var t = reader.Peek();
        if (t.Kind is CandidTokenKind.Decimal or CandidTokenKind.Hex)
        {
            reader.Next();
            var style = t.Kind == CandidTokenKind.Hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None;
            // A leading 0 keeps a hex number like 0xFFFFFFFF from parsing as negative.
            string digits = t.Kind == CandidTokenKind.Hex ? "0" + t.Value : t.Value;
            if (!System.Numerics.BigInteger.TryParse(digits, style, System.Globalization.CultureInfo.InvariantCulture, out var n) || n > uint.MaxValue)
                throw reader.Error(t, $"field id {t.Raw} is out of the 32-bit range");
            return CandidLabel.FromId((uint)n);
        }
        return CandidLabel.FromName(reader.ExpectName("a field name or id"));
    }

    /// <summary><c>(args) -> (results) modes</c>, after <c>func</c> or a method name's colon.</summary>
    public FuncType ParseSignature()
    {
        var start = reader.Peek();
        var args = ParseParameters();
        reader.Expect(CandidTokenKind.Arrow, "'->'");
        var results = ParseParameters();
        var modes = FuncModes.None;
        while (true)
        {
            if (reader.Accept("query")) modes |= FuncModes.Query;
            else if (reader.Accept("composite_query")) modes |= FuncModes.CompositeQuery;
            else if (reader.Accept("oneway")) modes |= FuncModes.Oneway;
            else break;
        }
        try
        {
            return new FuncType(args, results, modes);
        }
        catch (CandidTypeException e)
        {
            throw reader.Error(start, e.Message, e);
        }
    }

    /// <summary><c>(T, name : T, ...)</c>; argument names must differ.</summary>
    public List<CandidParameter> ParseParameters()
    {
        using var depth = reader.Enter();
        reader.Expect(CandidTokenKind.LParen, "'('");
        var list = new List<CandidParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.PeekKind() != CandidTokenKind.RParen)
        {
            string? name = null;
            if (reader.AtName && reader.PeekKind(1) == CandidTokenKind.Colon)
            {
                var at = reader.Peek();
                name = reader.ExpectName("a name");
                if (!names.Add(name)) throw reader.Error(at, $"duplicate argument name '{name}'");
                reader.Next(); // the colon
            }
            list.Add(new CandidParameter(ParseType(), name));
            if (!reader.Accept(CandidTokenKind.Comma)) break;
        }
        reader.Expect(CandidTokenKind.RParen, "',' or ')'");
        return list;
    }

    /// <summary><c>{ name : signature-or-type-name; ... }</c>.</summary>
    public ServiceType ParseServiceBody()
    {
        using var depth = reader.Enter();
        var open = reader.Expect(CandidTokenKind.LBrace, "'{'");
        var methods = new List<CandidMethod>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.PeekKind() != CandidTokenKind.RBrace)
        {
            var start = reader.Peek();
            string name = reader.ExpectName("a method name");
            if (!seen.Add(name)) throw reader.Error(start, $"duplicate method name '{name}'");
            reader.Expect(CandidTokenKind.Colon, "':'");
            CandidType type;
            if (reader.PeekKind() == CandidTokenKind.LParen) type = ParseSignature();
            else
            {
                var at = reader.Peek();
                type = ParseType();
                if (type is not CandidTypeReference)
                    throw reader.Error(at, $"method '{name}' has type {type}, which is not a function type");
                bindings.RequireFunc(type, at, reader.File, name);
            }
            methods.Add(new CandidMethod(name, type, start.Doc));
            if (!reader.Accept(CandidTokenKind.Semicolon)) break;
        }
        reader.Expect(CandidTokenKind.RBrace, "';' or '}'");
        try
        {
            return new ServiceType(methods);
        }
        catch (CandidTypeException e)
        {
            throw reader.Error(open, e.Message, e);
        }
    }
}
