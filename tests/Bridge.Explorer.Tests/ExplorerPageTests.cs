using System.Numerics;
using System.Text.RegularExpressions;
using Bridge.Service.Explorer;
using Bridge.Service.Store;
using Bridge.Service.Tests;
using Deque.AxeCore.Playwright;
using Icp.Candid;
using Icp.Ledger;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bridge.Explorer.Tests;

/// <summary>The explorer in Chromium: every page loads, passes axe, links lead batch → receipt → proof, proofs check in the browser.</summary>
public sealed class ExplorerPageTests(ExplorerBridge fixture) : IClassFixture<ExplorerBridge>
{
    private async Task<IPage> OpenAsync(string path, int expectedStatus = 200)
    {
        var page = await fixture.Browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(fixture.BaseAddress, path).ToString());
        Assert.NotNull(response);
        Assert.Equal(expectedStatus, response!.Status);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ExplorerBridge.ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>No serious or critical axe violation on the page.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}").ToList();
        Assert.True(bad.Count == 0, $"{name}: " + string.Join("\n", bad));
    }

    [Fact]
    public async Task Every_page_loads_and_has_no_serious_or_critical_accessibility_violation()
    {
        var owner = Account.Of((await fixture.Bridge.Store.GetNodeAsync(SignedReceipts.NodeA.Sender))!.Owner);
        (string Name, string Path)[] pages =
        [
            ("overview", "/explorer"),
            ("batches", "/explorer/batches"),
            ("batch-1", "/explorer/batches/1"),
            ("receipt", ExplorerFormat.ReceiptHref(SignedReceipts.NodeA.Sender, ExplorerBridge.PlainIds[0])),
            ("proof", ExplorerFormat.ProofHref(SignedReceipts.NodeA.Sender, ExplorerBridge.PlainIds[0])),
            ("epochs", "/explorer/epochs"),
            ("node", ExplorerFormat.NodeHref(SignedReceipts.NodeA.Sender)),
            ("account", ExplorerFormat.AccountHref(owner)),
        ];
        foreach (var (name, path) in pages)
        {
            var page = await OpenAsync(path);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            if (name == "proof") await WaitForOutcomeAsync(page);
            await AssertAccessibleAsync(page, name);
            await ScreenshotAsync(page, name);
            await page.CloseAsync();
        }
        var missing = await OpenAsync("/explorer/batches/999999", 404);
        await AssertAccessibleAsync(missing, "not found");
        await missing.CloseAsync();
    }

    [Fact]
    public async Task The_root_redirects_to_the_explorer()
    {
        var page = await OpenAsync("/");
        Assert.EndsWith("/explorer", page.Url, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Links_lead_from_a_batch_to_a_receipt_to_its_proof_which_the_browser_verifies_and_rejects_once_tampered()
    {
        var page = await OpenAsync("/explorer/batches");
        await page.GetByRole(AriaRole.Region, new() { Name = "Batches" }).GetByRole(AriaRole.Link, new() { Name = "1", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/explorer/batches/1$"));
        var firstReceipt = page.GetByRole(AriaRole.Region, new() { Name = "Receipts of batch 1" }).Locator("tbody tr td:nth-child(2) a").First;
        string receiptId = (await firstReceipt.InnerTextAsync()).Trim();
        await firstReceipt.ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync($"Receipt {receiptId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check its inclusion proof" }).ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync($"Proof of receipt {receiptId}");

        Assert.Equal("pass", await WaitForOutcomeAsync(page));
        await Expect(page.Locator("#proof-result")).ToContainTextAsync("Verified");
        await ScreenshotAsync(page, "proof-pass");

        // Tamper: flip one hex digit of the first path node (or of the root when the leaf is the whole tree), check again.
        await page.EvaluateAsync("""
            () => {
              const flip = s => (s[0] === '0' ? '1' : '0') + s.slice(1);
              const node = document.querySelector('#proof-path .proof-node');
              if (node) node.textContent = flip(node.textContent);
              else { const d = document.getElementById('proof-data'); d.dataset.root = flip(d.dataset.root); }
              document.getElementById('proof-result').dataset.outcome = '';
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the proof again" }).ClickAsync();
        Assert.Equal("fail", await WaitForOutcomeAsync(page));
        await Expect(page.Locator("#proof-result")).ToContainTextAsync("Not verified");
        await ScreenshotAsync(page, "proof-tampered");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_receipt_with_markup_in_its_fields_renders_as_inert_text()
    {
        string[] paths =
        [
            ExplorerFormat.ReceiptHref(SignedReceipts.NodeA.Sender, ExplorerBridge.HostileId),
            ExplorerFormat.ProofHref(SignedReceipts.NodeA.Sender, ExplorerBridge.HostileId),
            ExplorerFormat.NodeHref(SignedReceipts.NodeA.Sender),
            $"/explorer/batches/{(await fixture.Bridge.Store.GetReceiptAsync(SignedReceipts.NodeA.Sender, ExplorerBridge.HostileId))!.Batch}",
        ];
        foreach (var path in paths)
        {
            var page = await OpenAsync(path);
            if (path.Contains("/proof", StringComparison.Ordinal)) await WaitForOutcomeAsync(page);
            Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
            Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
            var text = await page.Locator("main").InnerTextAsync();
            Assert.Contains(ExplorerBridge.HostileId, text, StringComparison.Ordinal);
            if (!path.Contains("/proof", StringComparison.Ordinal)) Assert.Contains(ExplorerBridge.HostileWorkload, text, StringComparison.Ordinal);
            await page.CloseAsync();
        }
        var receiptPage = await OpenAsync(paths[0]);
        await Expect(receiptPage.Locator("dd", new() { HasTextString = ExplorerBridge.HostileGpu })).ToHaveCountAsync(1);
        await ScreenshotAsync(receiptPage, "receipt-hostile");
        await receiptPage.CloseAsync();

        // The markup itself, as served: encoded, and behind a policy that allows no inline script.
        using var response = await fixture.Bridge.Http.GetAsync(paths[0]);
        string html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>window.__pwned", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_epoch_shows_open_until_stored_then_its_budget_lines_payout_blocks_and_ineligible_receipts()
    {
        var page = await OpenAsync("/explorer/epochs/1");
        await Expect(page.Locator("main dl.fields")).ToContainTextAsync("open");
        await Expect(page.Locator("main")).ToContainTextAsync("This epoch is open");
        await AssertAccessibleAsync(page, "epoch open");
        await ScreenshotAsync(page, "epoch-open");
        await page.CloseAsync();

        var owner = (await fixture.Bridge.Store.GetNodeAsync(SignedReceipts.NodeA.Sender))!.Owner;
        await SeedEpochAsync(owner);
        page = await OpenAsync("/explorer/epochs/1");
        await Expect(page.Locator("main dl.fields")).ToContainTextAsync("paid");
        var lines = page.GetByRole(AriaRole.Region, new() { Name = "Lines of epoch 1" });
        await Expect(lines.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(lines).ToContainTextAsync("paid");
        await Expect(lines).ToContainTextAsync("held");
        await Expect(lines).ToContainTextAsync("4,242");
        await Expect(lines).ToContainTextAsync("ledger refused");
        var ineligible = page.GetByRole(AriaRole.Region, new() { Name = "Ineligible receipts of epoch 1" });
        await Expect(ineligible).ToContainTextAsync("not_countersigned");
        await ineligible.GetByRole(AriaRole.Link, new() { Name = ExplorerBridge.PlainIds[1] }).ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync($"Receipt {ExplorerBridge.PlainIds[1]}");
        await page.GoBackAsync();
        await AssertAccessibleAsync(page, "epoch paid");
        await ScreenshotAsync(page, "epoch-paid");

        // The owner's account and node pages show the payout block of the paid line.
        await page.GotoAsync(new Uri(fixture.BaseAddress, ExplorerFormat.AccountHref(Account.Of(owner))).ToString());
        await Expect(page.Locator("main .table-scroll")).ToContainTextAsync("4,242");
        await Expect(page.Locator("main svg.bars rect.bar")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "account");
        await ScreenshotAsync(page, "account-rewards");
        await page.GotoAsync(new Uri(fixture.BaseAddress, ExplorerFormat.NodeHref(SignedReceipts.NodeA.Sender)).ToString());
        await Expect(page.Locator("main")).ToContainTextAsync("4,242");
        await ScreenshotAsync(page, "node");
        await page.CloseAsync();
    }

    private static async Task<string> WaitForOutcomeAsync(IPage page)
    {
        var result = page.Locator("#proof-result[data-outcome]:not([data-outcome=''])");
        await result.WaitForAsync(new() { Timeout = 15_000 });
        return (await result.GetAttributeAsync("data-outcome"))!;
    }

    /// <summary>
    /// Epoch 1 as the settler and payout worker leave it, written through the store's own writes: settled with its lines
    /// pending, then one line paid at block 4,242, one held, and the epoch paid (no line pending); one receipt ineligible.
    /// Epoch 1 lasts a day (<see cref="ExplorerBridge"/>), so the bridge's settler never settles it itself, and a paid
    /// epoch is one its payout worker leaves alone.
    /// </summary>
    private async Task SeedEpochAsync(Principal owner)
    {
        var store = fixture.Bridge.Store;
        StoredLine Line(long index, Principal to, BigInteger amount) =>
            new(1, index, to.ToArray(), null, amount, Enumerable.Repeat((byte)(index + 1), 32).ToArray(), 0, BigInteger.Zero, "pending", null, null);
        var lines = new[] { Line(0, owner, 4242), Line(1, SignedReceipts.Requester, 758) };
        Assert.True(await store.AddEpochAsync(new StoredEpoch(1, 1, 1, "settled", new byte[32], 5000), lines,
            [new IneligibleReceipt(1, SignedReceipts.NodeA.Sender.ToArray(), ExplorerBridge.PlainIds[1], "not_countersigned")]));
        await store.UpdateLineAsync(lines[0] with { CreatedAtTimeNs = 1000, Fee = 10_000, Status = "paid", BlockIndex = 4242 });
        await store.UpdateLineAsync(lines[1] with { CreatedAtTimeNs = 1000, Fee = 10_000, Status = "held", Reason = "ledger refused" });
        await store.UpdateEpochStateAsync(1, "posted");
        await store.UpdateEpochStateAsync(1, "paid");
    }
}
