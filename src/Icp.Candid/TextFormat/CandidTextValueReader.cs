using System.Globalization;
using System.Numerics;

namespace Icp.Candid;

/// <summary>Reads the Candid text format into <see cref="ValueNode"/>s: <c>(opt 5, record { a = "x"; 1 = blob "\00" })</c>.</summary>
internal sealed class CandidTextValueReader(CandidTokenReader reader, CandidProgram? scope)
{
    /// <summary><c>(v, ...)</c>, a trailing comma allowed.</summary>
    public List<ValueNode> ReadArguments()
    {
        reader.Expect(CandidTokenKind.LParen, "'(' to start the argument list");
        var values = new List<ValueNode>();
        while (reader.PeekKind() != CandidTokenKind.RParen)
        {
            values.Add(ReadAnnotated());
            if (!reader.Accept(CandidTokenKind.Comma)) break;
        }
        reader.Expect(CandidTokenKind.RParen, "',' or ')'");
        return values;
    }

    /// <summary>A value with an optional <c>: type</c> annotation.</summary>
    public ValueNode ReadAnnotated()
    {
        using var depth = reader.Enter();
        var v = ReadValue();
        if (reader.PeekKind() != CandidTokenKind.Colon) return v;
        reader.Next();
        return new AnnotatedNode(v.At, v, CandidProgram.ReadType(reader, scope));
    }

    private ValueNode ReadValue()
    {
        using var depth = reader.Enter();
        var t = reader.Peek();
        switch (t.Kind)
        {
            case CandidTokenKind.Text:
                reader.Next();
                return new TextNode(t, reader.TextOf(t));
            case CandidTokenKind.Plus or CandidTokenKind.Minus or CandidTokenKind.Decimal or CandidTokenKind.Hex or CandidTokenKind.Float:
                return ReadNumber();
            case CandidTokenKind.LParen:
            {
                reader.Next();
                var v = ReadAnnotated();
                reader.Expect(CandidTokenKind.RParen, "')'");
                return v;
            }
            case CandidTokenKind.Identifier:
                break;
            default:
                throw reader.Unexpected("a value");
        }
        reader.Next();
        switch (t.Value)
        {
            case "true": return new BoolNode(t, true);
            case "false": return new BoolNode(t, false);
            case "null": return new NullNode(t);
            case "opt": return new OptNode(t, ReadValue());
            case "blob": return new BlobNode(t, reader.Expect(CandidTokenKind.Text, "a string literal after 'blob'").Bytes ?? []);
            case "vec": return ReadVec(t);
            case "record": return ReadRecord(t);
            case "variant": return ReadVariant(t);
            case "principal": return new PrincipalNode(t, ReadPrincipal());
            case "service": return new ServiceNode(t, ReadPrincipal());
            case "func":
            {
                var p = ReadPrincipal();
                reader.Expect(CandidTokenKind.Dot, "'.' and a method name");
                return new FuncNode(t, p, reader.ExpectName("a method name"));
            }
            default:
                throw reader.Error(t, $"expected a value but found {t.Describe()}");
        }
    }

    private Principal ReadPrincipal()
    {
        var s = reader.Expect(CandidTokenKind.Text, "a principal in quotes");
        try
        {
            return Principal.Parse(reader.TextOf(s));
        }
        catch (FormatException e) when (e is not CandidSyntaxException)
        {
            throw reader.Error(s, e.Message, e);
        }
    }

    private NumberNode ReadNumber()
    {
        var start = reader.Peek();
        bool negative = false;
        if (reader.Accept(CandidTokenKind.Minus)) negative = true;
        else reader.Accept(CandidTokenKind.Plus);
        var t = reader.Peek();
        string sign = negative ? "-" : "";
        switch (t.Kind)
        {
            case CandidTokenKind.Decimal:
            {
                reader.Next();
                var n = BigInteger.Parse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture);
                return new NumberNode(start, negative ? -n : n, 0, sign + t.Value);
            }
            case CandidTokenKind.Hex:
            {
                reader.Next();
                // The leading 0 keeps the hex digits from being read as a negative two's complement number.
                var n = BigInteger.Parse("0" + t.Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                return new NumberNode(start, negative ? -n : n, 0, sign + t.Raw);
            }
            case CandidTokenKind.Float:
            {
                reader.Next();
                if (!double.TryParse(t.Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double d))
                    throw reader.Error(t, $"'{t.Raw}' is not a number");
                return new NumberNode(start, null, negative ? -d : d, sign + t.Raw);
            }
            default:
                throw reader.Unexpected("a number");
        }
    }

    private VecNode ReadVec(CandidToken at)
    {
        reader.Expect(CandidTokenKind.LBrace, "'{'");
        var items = new List<ValueNode>();
        while (reader.PeekKind() != CandidTokenKind.RBrace)
        {
            items.Add(ReadAnnotated());
            if (!reader.Accept(CandidTokenKind.Semicolon)) break;
        }
        reader.Expect(CandidTokenKind.RBrace, "';' or '}'");
        return new VecNode(at, items);
    }

    private RecordNode ReadRecord(CandidToken at)
    {
        reader.Expect(CandidTokenKind.LBrace, "'{'");
        var fields = new List<FieldNode>();
        var ids = new HashSet<uint>();
        uint next = 0; // tuple fields continue numbering after the last field's id
        while (reader.PeekKind() != CandidTokenKind.RBrace)
        {
            var start = reader.Peek();
            CandidLabel label;
            ValueNode value;
            if (AtLabelThen(CandidTokenKind.Equals))
            {
                label = CandidTypeParser.ParseLabel(reader);
                reader.Next(); // '='
                value = ReadAnnotated();
            }
            else
            {
                label = CandidLabel.FromId(next);
                value = ReadAnnotated();
            }
            if (!ids.Add(label.Id)) throw reader.Error(start, $"record has two fields with id {label.Id} ('{label}')");
            next = unchecked(label.Id + 1);
            fields.Add(new FieldNode(start, label, value));
            if (!reader.Accept(CandidTokenKind.Semicolon)) break;
        }
        reader.Expect(CandidTokenKind.RBrace, "';' or '}'");
        return new RecordNode(at, fields);
    }

    private VariantNode ReadVariant(CandidToken at)
    {
        reader.Expect(CandidTokenKind.LBrace, "'{'");
        var start = reader.Peek();
        if (!(reader.AtName || reader.PeekKind() is CandidTokenKind.Decimal or CandidTokenKind.Hex))
            throw reader.Unexpected("a variant alternative");
        var label = CandidTypeParser.ParseLabel(reader);
        ValueNode value = reader.Accept(CandidTokenKind.Equals) ? ReadAnnotated() : new NullNode(start);
        reader.Accept(CandidTokenKind.Semicolon);
        reader.Expect(CandidTokenKind.RBrace, "'}'");
        return new VariantNode(at, new FieldNode(start, label, value));
    }

    private bool AtLabelThen(CandidTokenKind kind) =>
        (reader.AtName || reader.PeekKind() is CandidTokenKind.Decimal or CandidTokenKind.Hex) && reader.PeekKind(1) == kind;
}
