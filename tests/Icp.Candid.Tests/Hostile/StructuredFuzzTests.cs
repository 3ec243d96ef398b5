using System.Text;

namespace Icp.Candid.Tests.Hostile;

/// <summary>
/// A structure-aware fuzz target over Candid messages and <c>.did</c> text, run with fixed seeds in the
/// normal test run. Inputs are built, not only drawn at random: deep chains, shared (DAG) and cyclic type
/// tables, wide records, services over functions, vectors of millions of zero-sized values, long alias
/// chains and cycles, deep nesting, wide types, bad imports, then mutated. Per input, only the documented
/// exceptions may escape (<see cref="CandidDecodeException"/>, <see cref="CandidOutputLimitException"/> when
/// printing, <see cref="CandidSyntaxException"/> for text), on a 1 MiB stack, within an allocation bound.
/// </summary>
public class StructuredFuzzTests
{
    private const int MessageSeeds = 160;
    private const int DidSeeds = 120;
    private const long MaxAllocationPerMessage = 48L << 20;

    private static readonly string[] ExpectedTypeTexts =
    [
        "(nat)", "(opt nat)", "(opt text)", "(reserved)", "(record {})", "(vec reserved)", "(variant { a; b : nat })",
        "(func (nat) -> ())", "(service {})", "(opt func () -> ())", "(vec opt record { 0 : opt nat })", "(principal, opt blob)",
        "(opt service { m : (nat) -> () })", "(vec vec vec nat)", "(record { 0 : record {}; 1 : record {} })",
    ];

    // ------------------------------------------------------------------ messages

    private enum Shape { Small, Chain, Dag, Cyclic, Wide, ZeroSized }

    private static byte[] RandomMessage(Random r)
    {
        var shape = (Shape)r.Next(6);
        int n = shape switch
        {
            Shape.Small => r.Next(1, 12),
            Shape.Chain => r.Next(50, 9_000),
            Shape.Dag => r.Next(10, 2_000),
            Shape.Cyclic => r.Next(2, 400),
            Shape.Wide => r.Next(1, 6),
            _ => r.Next(1, 4),
        };
        // Kinds first, so that service methods can point at function entries.
        var kinds = new int[n];
        for (int i = 0; i < n; i++)
            kinds[i] = shape == Shape.ZeroSized ? (i == 0 ? 0x6d : 0x6c) : new[] { 0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x69 }[r.Next(6)];
        var funcs = Enumerable.Range(0, n).Where(i => kinds[i] == 0x6a).ToArray();

        long Target(int i)
        {
            if (r.Next(8) == 0 || (i == n - 1 && shape is Shape.Chain or Shape.Dag)) return Primitive(r);
            return shape switch
            {
                Shape.Chain or Shape.Dag or Shape.ZeroSized => Math.Min(i + 1, n - 1),
                _ => r.Next(n),
            };
        }

        var entries = new List<byte[]>();
        for (int i = 0; i < n; i++)
        {
            var e = new List<byte>();
            int kind = kinds[i];
            if (kind == 0x69 && funcs.Length == 0) kind = 0x6c;
            if (shape == Shape.ZeroSized && i > 0) kind = 0x6c;
            e.AddRange(HostileMessages.Sleb(kind - 0x80));
            switch (kind)
            {
                case 0x6e or 0x6d:
                    e.AddRange(HostileMessages.Sleb(Target(i)));
                    break;
                case 0x6c or 0x6b:
                {
                    int fields = shape switch
                    {
                        Shape.Wide => r.Next(1, 3_000),
                        Shape.Dag => 2,
                        Shape.ZeroSized => i == n - 1 ? 0 : r.Next(1, 3),
                        _ => r.Next(0, 4),
                    };
                    e.AddRange(HostileMessages.Uleb((ulong)fields));
                    long shared = Target(i);
                    for (int k = 0; k < fields; k++)
                    {
                        e.AddRange(HostileMessages.Uleb((ulong)k));
                        long t = shape is Shape.Dag or Shape.ZeroSized ? shared : Target(i);
                        if (shape == Shape.ZeroSized && t < 0) t = -1; // null
                        e.AddRange(HostileMessages.Sleb(t));
                    }
                    break;
                }
                case 0x6a:
                {
                    int args = shape == Shape.Dag ? 2 : r.Next(0, 3);
                    long shared = Target(i);
                    e.AddRange(HostileMessages.Uleb((ulong)args));
                    for (int k = 0; k < args; k++) e.AddRange(HostileMessages.Sleb(shape == Shape.Dag ? shared : Target(i)));
                    int results = r.Next(0, 2);
                    e.AddRange(HostileMessages.Uleb((ulong)results));
                    for (int k = 0; k < results; k++) e.AddRange(HostileMessages.Sleb(Target(i)));
                    e.Add(0);
                    break;
                }
                default:
                {
                    int methods = r.Next(0, 3);
                    e.AddRange(HostileMessages.Uleb((ulong)methods));
                    for (int k = 0; k < methods; k++)
                    {
                        e.Add(1);
                        e.Add((byte)('a' + k));
                        e.AddRange(HostileMessages.Sleb(funcs[r.Next(funcs.Length)]));
                    }
                    break;
                }
            }
            entries.Add(e.ToArray());
        }
        int argCount = r.Next(1, 4);
        var argTypes = Enumerable.Range(0, argCount).Select(k => k == 0 ? 0L : r.Next(3) == 0 ? Primitive(r) : r.Next(n)).ToArray();
        var message = HostileMessages.Message(entries, argTypes, RandomValues(r, shape, n));
        // Now and then a mutation of the header or values.
        for (int m = r.Next(4) == 0 ? r.Next(1, 4) : 0; m > 0; m--) message[r.Next(4, message.Length)] = (byte)r.Next(256);
        return message;
    }

    private static long Primitive(Random r) => -new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 24 }[r.Next(18)];

    private static byte[] RandomValues(Random r, Shape shape, int n)
    {
        switch (r.Next(5))
        {
            case 0: // as many "present" flags as the table is deep
                return Enumerable.Repeat((byte)1, n + r.Next(8)).ToArray();
            case 1: // a huge vector length (zero-sized elements are bounded by the budget, not the input)
                return HostileMessages.Uleb((ulong)r.NextInt64(1, 1L << 33));
            case 2:
                return new byte[r.Next(0, 16)];
            default:
            {
                var b = new byte[r.Next(0, shape == Shape.Wide ? 4_000 : 256)];
                r.NextBytes(b);
                return b;
            }
        }
    }

    [Fact]
    public void Generated_messages_only_raise_decode_errors_within_the_allocation_bound()
    {
        var pool = ExpectedTypeTexts.Select(t => CandidProgram.ParseArgumentTypes(t)).ToList();
        var failures = new StringBuilder();
        for (int seed = 0; seed < MessageSeeds; seed++)
        {
            var r = new Random(seed);
            var message = RandomMessage(r);
            var expected = Enumerable.Range(0, 3).Select(_ => pool[r.Next(pool.Count)]).ToArray();
            IReadOnlyList<CandidType>? previous = pool.Count > ExpectedTypeTexts.Length ? pool[^1] : null;
            IReadOnlyList<CandidType>? stated = null;
            var run = Bounded.Run(() =>
            {
                Try(() =>
                {
                    var values = CandidDecoder.Decode(message);
                    var limit = 4 * (CandidDecoderOptions.Default.BaseQuota + 4 * message.Length);
                    Try(() => CandidValuePrinter.PrintArguments(values, indent: false, (int)limit));
                    Try(() => CandidValuePrinter.PrintArguments(values, indent: true, 200_000));
                });
                foreach (var types in expected) Try(() => CandidDecoder.Decode(message, types));
                Try(() =>
                {
                    stated = CandidDecoder.DecodeTypes(message);
                    foreach (var t in stated)
                    {
                        string text = t.ToString();
                        if (text.Length > 16 * message.Length + 100) throw new InvalidOperationException($"type printed in {text.Length} characters");
                    }
                    // Decoding this message at the previous message's types checks subtyping between two hostile tables.
                    if (previous is not null)
                    {
                        Try(() => CandidDecoder.Decode(message, previous));
                        foreach (var a in stated) foreach (var b in previous) CandidSubtyping.IsSubtype(a, b);
                    }
                });
            });
            if (run.Error is not null)
                failures.Append(FormattableString.Invariant($"seed {seed}: {run.Error.GetType().Name}: {run.Error.Message}\n{run.Error.StackTrace}\n"));
            else if (run.Allocated > MaxAllocationPerMessage)
                failures.Append(FormattableString.Invariant($"seed {seed}: allocated {run.Allocated:N0} bytes for {message.Length} bytes\n"));
            if (stated is { Count: > 0 }) pool.Add(stated);
            if (failures.Length > 4_000) break;
        }
        Assert.True(failures.Length == 0, failures.ToString());

        // Only the documented exceptions; anything else escapes to the bounded run and is reported.
        static void Try(Action a)
        {
            try
            {
                a();
            }
            catch (CandidDecodeException)
            {
            }
            catch (CandidOutputLimitException)
            {
            }
        }
    }

    // ------------------------------------------------------------------ .did text

    private static string RandomProgram(Random r)
    {
        var sb = new StringBuilder();
        int parts = r.Next(1, 5);
        for (int p = 0; p < parts; p++)
        {
            string x = "P" + p + "_";
            switch (r.Next(7))
            {
                case 0: // an alias chain, sometimes closed into a cycle
                {
                    int n = r.Next(1, r.Next(3) == 0 ? 20_000 : 300);
                    for (int i = 0; i < n; i++) sb.Append($"type {x}{i} = {x}{i + 1};\n");
                    sb.Append($"type {x}{n} = {(r.Next(4) == 0 ? x + r.Next(n) : "nat")};\n");
                    break;
                }
                case 1: // deep nesting, sometimes past the parser's limit
                {
                    int depth = r.Next(1, 1_200);
                    string[] ctor = ["opt ", "vec ", "record { a : ", "variant { b : ", "func () -> ("];
                    string[] close = ["", "", " }", " }", ")"];
                    var stack = new Stack<int>();
                    sb.Append($"type {x}deep = ");
                    for (int i = 0; i < depth; i++)
                    {
                        int k = r.Next(ctor.Length);
                        sb.Append(ctor[k]);
                        stack.Push(k);
                    }
                    sb.Append("nat");
                    while (stack.Count > 0) sb.Append(close[stack.Pop()]);
                    sb.Append(";\n");
                    break;
                }
                case 2: // a shared DAG of records
                {
                    int n = r.Next(2, 400);
                    for (int i = 0; i < n; i++) sb.Append($"type {x}{i} = record {{ a : {x}{i + 1}; b : {x}{i + 1} }};\n");
                    sb.Append($"type {x}{n} = text;\n");
                    break;
                }
                case 3: // a wide record
                {
                    sb.Append($"type {x}wide = record {{ ");
                    int n = r.Next(1, 5_000);
                    for (int i = 0; i < n; i++) sb.Append($"f{i} : opt nat; ");
                    sb.Append("};\n");
                    break;
                }
                case 4: // recursive types and a service over them
                    sb.Append($"type {x}List = opt record {{ head : nat; tail : {x}List }};\n");
                    sb.Append($"type {x}F = func ({x}List) -> ({x}F);\n");
                    sb.Append($"type {x}S = service {{ m : {x}F; n : ({x}List) -> () query }};\n");
                    break;
                case 5: // bad imports
                    sb.Append(r.Next(3) switch { 0 => "import \"\\00\";\n", 1 => "import \"/dev/zero\";\n", _ => "import service \"missing.did\";\n" });
                    break;
                default: // a chain of services and functions
                {
                    int n = r.Next(1, 3_000);
                    for (int i = 0; i < n; i++) sb.Append($"type {x}s{i} = service {{ m : func ({x}s{i + 1}) -> () }};\n");
                    sb.Append($"type {x}s{n} = service {{}};\n");
                    break;
                }
            }
        }
        if (r.Next(3) == 0) sb.Append("service : { go : (nat) -> (nat) }\n");
        var text = sb.ToString();
        if (r.Next(4) != 0) return text;
        // Mutations: delete, duplicate or replace a few characters.
        var chars = new StringBuilder(text);
        for (int m = r.Next(1, 6); m > 0 && chars.Length > 0; m--)
        {
            int at = r.Next(chars.Length);
            switch (r.Next(3))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, chars[at]); break;
                default: chars[at] = "{};=:()\"\\ab0\0"[r.Next(13)]; break;
            }
        }
        return chars.ToString();
    }

    [Fact]
    public void Generated_did_text_only_raises_syntax_errors_within_the_allocation_bound()
    {
        var failures = new StringBuilder();
        for (int seed = 0; seed < DidSeeds; seed++)
        {
            var r = new Random(1_000_000 + seed);
            string source = RandomProgram(r);
            var run = Bounded.Run(() =>
            {
                CandidProgram program;
                try
                {
                    program = CandidProgram.Parse(source, "fuzz.did");
                }
                catch (CandidSyntaxException)
                {
                    return;
                }
                CandidProgramPrinter.Print(program);
                var defs = program.Definitions;
                for (int i = 0; i < Math.Min(defs.Count, 50); i++)
                {
                    var a = program.FindType(defs[r.Next(defs.Count)].Name)!;
                    var b = program.FindType(defs[r.Next(defs.Count)].Name)!;
                    CandidSubtyping.IsSubtype(a, b);
                    _ = CandidTypePrinter.Print(a, CandidTypePrinter.MessageLength);
                }
            });
            long bound = 400L * source.Length + (16 << 20);
            if (run.Error is not null)
                failures.Append(FormattableString.Invariant($"seed {seed}: {run.Error.GetType().Name}: {run.Error.Message}\n{run.Error.StackTrace}\n"));
            else if (run.Allocated > bound)
                failures.Append(FormattableString.Invariant($"seed {seed}: allocated {run.Allocated:N0} bytes for {source.Length} characters\n"));
            if (failures.Length > 4_000) break;
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }
}
