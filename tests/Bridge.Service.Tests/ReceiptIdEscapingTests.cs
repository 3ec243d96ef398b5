using System.Net;
using System.Text.RegularExpressions;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Core.Merkle;
using Bridge.Core.Protocol;

namespace Bridge.Service.Tests;

/// <summary>
/// Receipt ids holding characters a URL must escape ('/', '%', '?', '#', spaces, non-ASCII) reach their receipt through
/// the JSON route (as Bridge.Client sends them, and with a bare '/') and through every explorer link to them.
/// </summary>
public sealed partial class ReceiptIdEscapingTests
{
    private const ulong Now = 1_795_961_000_000_000_000;

    private static readonly string[] Ids = ["a/b", "a%2Fb", "/lead/and/trail/", "q?x=1#frag", "sp ace+plus&amp", "é/ü%", "a%252F"];

    [Fact]
    public async Task Ids_that_need_escaping_are_found_with_their_proofs_by_the_json_route()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        var seeded = await SeededBatch.WriteAsync(bridge.Store, 1, Ids.Length, Now, (_, i) => Ids[i]);
        var client = new BridgeClient(bridge.Http, new BridgeClientOptions { BaseAddress = bridge.Http.BaseAddress });
        for (int i = 0; i < Ids.Length; i++)
        {
            var status = await client.GetReceiptAsync(seeded.Providers[0], Ids[i]);
            Assert.NotNull(status);
            Assert.Equal(BridgeHashes.ReceiptHash(seeded.Receipts[i]), status.ReceiptHash);
            Assert.Equal(ReceiptState.Final, status.State);
            Assert.True(MerkleTree.VerifyInclusion(MerkleTree.LeafHash(status.Leaf), status.LeafIndex!.Value, (ulong)Ids.Length, status.Proof!, seeded.Root),
                $"the proof of '{Ids[i]}' does not reach the batch root");
        }
        // A bare '/' in the path is part of the id too.
        using var bare = await bridge.Http.GetAsync($"/v1/receipts/{seeded.Providers[0]}/a/b");
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Contains(Convert.ToHexStringLower(BridgeHashes.ReceiptHash(seeded.Receipts[0])), await bare.Content.ReadAsStringAsync());
        // An id the provider does not have stays a 404, with the id decoded in the detail.
        using var missing = await bridge.Http.GetAsync($"/v1/receipts/{seeded.Providers[0]}/{Uri.EscapeDataString("no/such")}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("'no/such'", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Explorer_links_to_ids_that_need_escaping_lead_to_their_receipt_proof_and_json()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        var seeded = await SeededBatch.WriteAsync(bridge.Store, 1, Ids.Length, Now, (_, i) => Ids[i]);
        string batchPage = await bridge.Http.GetStringAsync($"/explorer/batches/{seeded.Sequence}");
        var receiptLinks = Hrefs(batchPage).Where(h => h.StartsWith("/explorer/receipt?", StringComparison.Ordinal)).ToList();
        Assert.Equal(Ids.Length, receiptLinks.Count);
        foreach (var link in receiptLinks)
        {
            string receiptPage = await bridge.Http.GetStringAsync(link);
            string heading = WebUtility.HtmlDecode(Heading().Match(receiptPage).Groups[1].Value);
            string id = Ids.Single(i => heading == "Receipt " + i);
            var hrefs = Hrefs(receiptPage);
            string proof = hrefs.Single(h => h.StartsWith("/explorer/proof?", StringComparison.Ordinal));
            string proofPage = await bridge.Http.GetStringAsync(proof);
            Assert.Contains($"data-root=\"{Convert.ToHexStringLower(seeded.Root)}\"", proofPage);
            string json = hrefs.Single(h => h.StartsWith("/v1/receipts/", StringComparison.Ordinal));
            using var answer = await bridge.Http.GetAsync(json);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var receipt = seeded.Receipts[Array.IndexOf(Ids, id)];
            Assert.Contains(Convert.ToHexStringLower(BridgeHashes.ReceiptHash(receipt)), await answer.Content.ReadAsStringAsync());
        }
        // The node's page pages by receipt id: its "next" link carries an escaped id too.
        string nodePage = await bridge.Http.GetStringAsync($"/explorer/nodes/{seeded.Providers[0]}");
        Assert.Equal(Ids.Length, Hrefs(nodePage).Count(h => h.StartsWith("/explorer/receipt?", StringComparison.Ordinal)));
    }

    private static List<string> Hrefs(string html) => [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<h1>(.*?)</h1>")]
    private static partial Regex Heading();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
