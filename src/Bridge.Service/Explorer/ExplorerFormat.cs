using System.Globalization;
using System.Numerics;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Service.Explorer;

/// <summary>How the explorer writes values: times, durations, amounts, hashes and the links to each page.</summary>
internal static class ExplorerFormat
{
    public const string Root = "/explorer";

    public static Markup Time(ulong? ns)
    {
        if (ns is not { } value) return Html.Of($"<span class=\"none\">—</span>");
        var time = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(value / 100, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks));
        return Html.Of($"<time datetime=\"{time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\">{time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>");
    }

    public static string Duration(ulong ns)
    {
        ulong seconds = ns / 1_000_000_000;
        if (seconds < 60) return $"{seconds} s";
        if (seconds < 3600) return $"{seconds / 60} min {seconds % 60} s";
        if (seconds < 86_400) return $"{seconds / 3600} h {seconds % 3600 / 60} min";
        return $"{seconds / 86_400} d {seconds % 86_400 / 3600} h";
    }

    public static string Number(BigInteger value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static Markup Hex(byte[]? bytes) =>
        bytes is null ? Html.Of($"<span class=\"none\">—</span>") : Html.Of($"<code class=\"hex\">{Convert.ToHexStringLower(bytes)}</code>");

    public static string Status(BatchState state) => Http.BatchResponse.StatusOf(state);

    public static Markup Badge(string status) => Html.Of($"<span class=\"badge badge-{Css(status)}\">{status}</span>");

    /// <summary>A status as a class-name part: letters, digits and dashes only.</summary>
    private static string Css(string text) => new([.. text.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);

    public static string Query(string text) => Uri.EscapeDataString(text);

    public static string BatchHref(long sequence) => $"{Root}/batches/{sequence.ToString(CultureInfo.InvariantCulture)}";

    public static string ReceiptHref(Principal provider, string receiptId) => $"{Root}/receipt?provider={Query(provider.ToString())}&id={Query(receiptId)}";

    public static string ProofHref(Principal provider, string receiptId) => $"{Root}/proof?provider={Query(provider.ToString())}&id={Query(receiptId)}";

    public static string NodeHref(Principal provider) => $"{Root}/nodes/{Query(provider.ToString())}";

    public static string EpochHref(long epoch) => $"{Root}/epochs/{epoch.ToString(CultureInfo.InvariantCulture)}";

    public static string AccountHref(Account account) => $"{Root}/accounts/{Query(account.ToString())}";

    public static Account AccountOf(byte[] owner, byte[]? subaccount) => new(Principal.FromBytes(owner), subaccount);

    public static Markup BatchLink(long sequence) => Html.Of($"<a href=\"{BatchHref(sequence)}\">{sequence}</a>");

    public static Markup NodeLink(Principal provider) => Html.Of($"<a href=\"{NodeHref(provider)}\"><code class=\"id\">{provider.ToString()}</code></a>");

    public static Markup AccountLink(Account account) => Html.Of($"<a href=\"{AccountHref(account)}\"><code class=\"id\">{account.ToString()}</code></a>");

    public static Markup ReceiptLink(Principal provider, string receiptId) =>
        Html.Of($"<a href=\"{ReceiptHref(provider, receiptId)}\"><code class=\"id\">{receiptId}</code></a>");

    public static Markup EpochLink(long epoch) => Html.Of($"<a href=\"{EpochHref(epoch)}\">{epoch}</a>");
}
