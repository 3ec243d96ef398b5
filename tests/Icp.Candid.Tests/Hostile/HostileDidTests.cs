using System.Text;

namespace Icp.Candid.Tests.Hostile;

/// <summary>
/// Issue 8, the <c>.did</c> half: long alias chains check in linear time, alias cycles of any length are
/// reported briefly, and imports read only bounded regular files.
/// </summary>
public class HostileDidTests
{
    private static string AliasChain(int n, string last = "nat")
    {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.Append("type A").Append(i).Append(" = A").Append(i + 1).Append(";\n");
        return sb.Append("type A").Append(n).Append(" = ").Append(last).Append(";\n").ToString();
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(20_000)]
    [InlineData(100_000)]
    public void Long_alias_chains_check_with_allocation_linear_in_the_source(int n)
    {
        // Before: 20,000 lines took 15 s, 10,000 lines allocated 7.8 GB, and chains over 10,000 were
        // rejected as "defined only in terms of itself".
        string source = AliasChain(n);
        var run = Bounded.Run(() =>
        {
            var program = CandidProgram.Parse(source);
            Assert.Equal(CandidKind.Nat, program.FindType("A0")!.Kind);
            Assert.Equal(CandidKind.Nat, program.FindType("A" + (n / 2))!.Resolve().Kind);
        });
        run.OnlyThrew().AllocatedAtMost(200L * source.Length + (4 << 20));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(12)]
    [InlineData(50_000)]
    public void Alias_cycles_of_any_length_are_reported_at_their_first_definition_briefly(int n)
    {
        string source = AliasChain(n - 1, last: "A0");
        var run = Bounded.Run(() => CandidProgram.Parse(source));
        var e = run.AllocatedAtMost(200L * source.Length + (4 << 20)).Threw<CandidSyntaxException>();
        Assert.StartsWith("type 'A0' has a cyclic definition: A0 = A1", e.Reason, StringComparison.Ordinal);
        Assert.EndsWith("= A0", e.Reason, StringComparison.Ordinal);
        Assert.True(e.Reason.Length < 200, e.Reason);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void A_cycle_reached_from_a_chain_is_reported_at_the_cycle()
    {
        var e = Assert.Throws<CandidSyntaxException>(() => CandidProgram.Parse("type A = B; type B = C; type C = D; type D = C;"));
        Assert.Equal("type 'C' has a cyclic definition: C = D = C", e.Reason);
    }

    [Fact]
    public void Resolving_a_long_built_chain_is_linear_and_needs_no_hop_limit()
    {
        var refs = Enumerable.Range(0, 200_001).Select(i => CandidType.Reference("T" + i)).ToArray();
        for (int i = 0; i < 200_000; i++) refs[i].Bind(refs[i + 1]);
        refs[^1].Bind(CandidType.Text);
        var run = Bounded.Run(() =>
        {
            foreach (var r in refs) Assert.Same(CandidType.Text, r.Resolve());
        });
        run.OnlyThrew().AllocatedAtMost(1 << 20);
        var loop = CandidType.Reference("L");
        loop.Bind(CandidType.Reference("M", loop));
        Assert.Contains("defined only in terms of itself", Assert.Throws<CandidTypeException>(() => loop.Resolve()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_with_a_nul_character_is_a_syntax_error()
    {
        using var dir = new TempFolder();
        string main = dir.Write("main.did", "import \"\\00\";\ntype T = nat;");
        var e = Assert.Throws<CandidSyntaxException>(() => CandidProgram.Load(main));
        Assert.Contains("cannot import \"\\00\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/stdin")]
    [InlineData("/dev/null")]
    public async Task Devices_and_pipes_are_read_as_empty_without_reading_them(string device)
    {
        using var dir = new TempFolder();
        string main = dir.Write("main.did", $"import \"{device}\";\ntype T = nat;");
        // On a thread of its own: reading /dev/stdin would block, /dev/zero would run out of memory.
        var task = Task.Run(() => Bounded.Run(() => Assert.NotNull(CandidProgram.Load(main).FindType("T"))));
        var run = await task.WaitAsync(TimeSpan.FromSeconds(30));
        run.OnlyThrew().AllocatedAtMost(1 << 20);
    }

    [Fact]
    public void Files_larger_than_the_cap_are_refused_before_reading()
    {
        using var dir = new TempFolder();
        string big = dir.Write("big.did", "");
        using (var f = File.OpenWrite(big)) f.SetLength(BoundedFile.MaxSourceBytes + 1);
        string main = dir.Write("main.did", "import \"big.did\";");
        var e = Assert.Throws<CandidSyntaxException>(() => CandidProgram.Load(main));
        Assert.Contains("more than the limit of 4,194,304", e.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => CandidProgram.Load(big));
    }

    [Fact]
    public void Import_chains_deeper_than_the_limit_are_refused()
    {
        using var dir = new TempFolder();
        for (int i = 0; i < 100; i++) dir.Write($"f{i}.did", $"import \"f{i + 1}.did\";");
        dir.Write("f100.did", "type T = nat;");
        var e = Bounded.Run(() => CandidProgram.Load(Path.Combine(dir.Path, "f0.did"))).Threw<CandidSyntaxException>();
        Assert.Contains("nested more than 64 files deep", e.Message, StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("candid-hostile-").FullName;

        public string Write(string name, string text)
        {
            string p = System.IO.Path.Combine(Path, name);
            File.WriteAllText(p, text);
            return p;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
