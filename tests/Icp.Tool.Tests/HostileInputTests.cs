using System.Text;

namespace Icp.Tool.Tests;

/// <summary>Issue 8 through the tool: each reproducer ends with one clear error line (or its result), quickly.</summary>
public class HostileInputTests
{
    private static string Hex(IEnumerable<byte> bytes) => Convert.ToHexString(bytes.ToArray()).ToLowerInvariant();

    private static byte[] Sleb(long v)
    {
        var o = new List<byte>();
        while (true)
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            o.Add(done ? b : (byte)(b | 0x80));
            if (done) return o.ToArray();
        }
    }

    /// <summary>Runs the tool on a thread with a 1 MiB stack, so deep recursion fails the test instead of passing.</summary>
    private static ToolResult OnSmallStack(params string[] args)
    {
        ToolResult? result = null;
        var t = new Thread(() => result = Tool.Run(args), 1 << 20);
        t.Start();
        t.Join();
        return result!;
    }

    [Fact]
    public void The_shared_record_table_prints_its_type_by_reference()
    {
        // Before: 6.9 s and 3.8 GB to build a message that printed the type as a 2^24-leaf tree.
        var m = new List<byte>(Convert.FromHexString("4449444c19"));
        for (int i = 1; i <= 24; i++) m.AddRange([0x6c, 0x02, 0x00, (byte)i, 0x01, (byte)i]);
        m.AddRange(Convert.FromHexString("6c000100"));
        string line = Tool.AssertFailure(OnSmallStack("decode", "--types", "(nat)", Hex(m)));
        Assert.Equal("error: decode: expected nat but the message has record { table1; table1 } (at byte 153)", line);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(4_500)]
    public void Alternating_services_and_functions_decode_at_service(int levels)
    {
        // Before: the tool exited 134 (stack overflow) at 4,500 levels.
        var m = new List<byte>("DIDL"u8.ToArray());
        m.AddRange(Sleb(2 * levels + 1));
        for (int i = 0; i < levels; i++)
        {
            m.AddRange([0x69, 1, 1, (byte)'m', .. Sleb(2 * i + 1)]);
            m.AddRange([0x6a, 1, .. Sleb(2 * i + 2), 0, 0]);
        }
        m.AddRange([0x69, 0, 1, 0, 1, 0]);
        var r = OnSmallStack("decode", "--types", "(service {})", Hex(m));
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal("(service \"aaaaa-aa\")", r.Line);
    }

    [Fact]
    public void A_9999_level_func_chain_fails_with_a_short_message()
    {
        // Before: 15 s (quadratic conversion of the wire type).
        var m = new List<byte>("DIDL"u8.ToArray());
        m.AddRange(Sleb(10_000));
        for (int i = 0; i < 9_999; i++) m.AddRange([0x6a, 1, .. Sleb(i + 1), 0, 0]);
        m.AddRange([0x6a, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, (byte)'m']);
        string line = Tool.AssertFailure(OnSmallStack("decode", "--types", "(func (nat) -> ())", Hex(m)));
        Assert.Contains("is not a subtype of the expected func (nat) -> ()", line, StringComparison.Ordinal);
        Assert.True(line.Length < 600, line);
    }

    [Fact]
    public void Printing_millions_of_zero_sized_values_stops_at_the_output_limit()
    {
        // Before: 12.7 s and 2.6 GB to print 43 million characters.
        string line = Tool.Fails("decode", "4449444c026d016c000100e084ee01");
        Assert.Equal("error: decode: the message decodes, but the text is longer than the limit of 16,000,240 characters " +
            "for a message of 15 bytes (4 per unit of its decoding budget)", line);
    }

    [Fact]
    public void A_long_alias_chain_checks_and_a_nul_import_is_a_clear_error()
    {
        // Before: 15 s for 20,000 aliases; the NUL import was an "internal error (ArgumentException)".
        using var dir = new TempDir();
        var sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.Append("type A").Append(i).Append(" = A").Append(i + 1).Append(";\n");
        sb.Append("type A20000 = nat;\nservice : { f : (A0) -> () }\n");
        string chain = dir.Write("chain.did", sb.ToString());
        Assert.Contains("service : { f : (A0) -> () }", Tool.Ok("check", chain), StringComparison.Ordinal);

        string nul = dir.Write("nul.did", "import \"\\00\";");
        string line = Tool.Fails("check", nul);
        Assert.Contains("cannot import \"\\00\": a file name cannot hold a NUL character", line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_file_that_is_a_device_reads_as_empty()
    {
        string line = Tool.Fails("decode", "--file", "/dev/zero");
        Assert.Contains("not a Candid message", line, StringComparison.Ordinal);
    }
}
