using System.Buffers.Binary;
using System.Security.Cryptography;
using Icp.Candid;
using Icp.Canisters.Tests.Rollup;
using Icp.Replica;

namespace Icp.Canisters.Tests;

/// <summary>One replica for the class; each test installs its own rollup canister (batches and epochs interfere).</summary>
public sealed class RollupFixture : IAsyncLifetime
{
    public CertifyingReplica Ic { get; private set; } = null!;
    public byte[] Wasm { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Wasm = CanisterBuild.Instance.Wasm("rollup");
        Ic = await CertifyingReplica.StartAsync();
    }

    public async Task DisposeAsync() => await Ic.DisposeAsync();
}

/// <summary>The rollup canister on our replica, through the client generated from candid/rollup.did.</summary>
public partial class RollupTests(RollupFixture fixture) : IClassFixture<RollupFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly byte[] Zero32 = new byte[32];
    private LocalReplica Ic => fixture.Ic.Replica;

    private async Task<Principal> InstallAsync()
    {
        var id = await Ic.CreateCanisterAsync(Actors.Controller);
        var init = RollupClient.EncodeInitArgs(new InitArgs { Poster = Actors.Poster, Owner = Actors.Owner, ChallengeWindowNs = (ulong)Window.Ticks * 100 });
        await Ic.InstallCodeAsync(id, fixture.Wasm, init, InstallCodeMode.Install, Actors.Controller);
        return id;
    }

    private RollupClient As(Principal canister, Principal caller) => new(Ic.AsTransport(caller), canister);

    private static BatchHeader Header(ulong sequence, byte[] previousRoot, byte[] root, ulong receipts = 1) => new()
    {
        Sequence = sequence,
        PreviousRoot = previousRoot,
        Root = root,
        ReceiptCount = receipts,
        WindowStartNs = 1_000 * sequence,
        WindowEndNs = 1_000 * sequence + 999,
        TotalFees = 10 * receipts,
        TotalGpuSeconds = 60 * receipts,
    };

    private static byte[] RootOf(int n) => SHA256.HashData([(byte)n, 0xAA]);

    /// <summary>Submits batches 1..count with roots RootOf(i); returns their headers.</summary>
    private static async Task<List<BatchHeader>> SubmitChainAsync(RollupClient poster, int count, Func<int, (byte[] Root, ulong Count)>? tree = null)
    {
        var headers = new List<BatchHeader>();
        byte[] previous = Zero32;
        for (int i = 1; i <= count; i++)
        {
            var (root, receipts) = tree?.Invoke(i) ?? (RootOf(i), 1UL);
            var h = Header((ulong)i, previous, root, receipts);
            Assert.Equal(new SubmitResult.Ok((ulong)i), await poster.SubmitBatchAsync(h));
            headers.Add(h);
            previous = root;
        }
        return headers;
    }

    private static SubmitError Err(SubmitResult r) => Assert.IsType<SubmitResult.Err>(r).Value;

    [Fact]
    public async Task Init_args_set_poster_window_and_owner()
    {
        var id = await InstallAsync();
        var config = await As(id, Actors.Alice).GetConfigAsync();
        Assert.Equal(Actors.Poster, config.Poster);
        Assert.Equal(Actors.Owner, config.Owner);
        Assert.Equal((ulong)Window.Ticks * 100, config.ChallengeWindowNs);
        Assert.Null(await As(id, Actors.Alice).LastBatchAsync());
        Assert.Null(await As(id, Actors.Alice).LastEpochAsync());
    }

    [Fact]
    public async Task Only_the_poster_submits_and_only_the_owner_configures()
    {
        var id = await InstallAsync();
        Assert.IsType<SubmitError.Unauthorized>(Err(await As(id, Actors.Alice).SubmitBatchAsync(Header(1, Zero32, RootOf(1)))));
        Assert.IsType<SubmitError.Unauthorized>(Err(await As(id, Actors.Owner).SubmitBatchAsync(Header(1, Zero32, RootOf(1)))));
        var epoch = new EpochHeader { Epoch = 1, FirstBatch = 1, LastBatch = 0, Token = Actors.Minter, TotalPayout = 0, DistributionRoot = Zero32 };
        Assert.IsType<EpochError.Unauthorized>(Assert.IsType<EpochResult.Err>(await As(id, Actors.Alice).SubmitEpochAsync(epoch)).Value);
        Assert.IsType<ConfigError.Unauthorized>(Assert.IsType<UpdateConfigResult.Err>(
            await As(id, Actors.Poster).UpdateConfigAsync(new ConfigUpdate { Poster = Actors.Alice })).Value);

        // The owner hands the poster role to Bob: the old poster is now unauthorized.
        Assert.IsType<UpdateConfigResult.Ok>(await As(id, Actors.Owner).UpdateConfigAsync(new ConfigUpdate { Poster = Actors.Bob }));
        Assert.IsType<SubmitError.Unauthorized>(Err(await As(id, Actors.Poster).SubmitBatchAsync(Header(1, Zero32, RootOf(1)))));
        Assert.Equal(new SubmitResult.Ok(1), await As(id, Actors.Bob).SubmitBatchAsync(Header(1, Zero32, RootOf(1))));
    }

    [Fact]
    public async Task The_first_batch_is_1_with_a_zero_previous_root()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        Assert.Equal(1UL, Assert.IsType<SubmitError.OutOfOrder>(Err(await poster.SubmitBatchAsync(Header(2, Zero32, RootOf(2))))).Value.Expected);
        Assert.Equal(1UL, Assert.IsType<SubmitError.OutOfOrder>(Err(await poster.SubmitBatchAsync(Header(0, Zero32, RootOf(2))))).Value.Expected);
        var mismatch = Assert.IsType<SubmitError.PreviousRootMismatch>(Err(await poster.SubmitBatchAsync(Header(1, RootOf(9), RootOf(1)))));
        Assert.Equal(Zero32, mismatch.Value.Expected);
        Assert.Equal(new SubmitResult.Ok(1), await poster.SubmitBatchAsync(Header(1, Zero32, RootOf(1))));
    }

    [Fact]
    public async Task Gaps_are_out_of_order_and_the_previous_root_must_link()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        await SubmitChainAsync(poster, 2);
        Assert.Equal(3UL, Assert.IsType<SubmitError.OutOfOrder>(Err(await poster.SubmitBatchAsync(Header(4, RootOf(3), RootOf(4))))).Value.Expected);
        var mismatch = Assert.IsType<SubmitError.PreviousRootMismatch>(Err(await poster.SubmitBatchAsync(Header(3, RootOf(1), RootOf(3)))));
        Assert.Equal(RootOf(2), mismatch.Value.Expected);
        Assert.Equal(new SubmitResult.Ok(3), await poster.SubmitBatchAsync(Header(3, RootOf(2), RootOf(3))));
        Assert.Equal(3UL, (await poster.LastBatchAsync())!.Header.Sequence);
    }

    [Fact]
    public async Task The_same_header_again_is_a_no_op_and_another_header_is_a_conflict()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        var headers = await SubmitChainAsync(poster, 2);
        var before = await poster.GetBatchAsync(1);
        Ic.AdvanceTime(TimeSpan.FromMinutes(5));

        Assert.Equal(new SubmitResult.Ok(1), await poster.SubmitBatchAsync(headers[0]));
        Assert.Equal(new SubmitResult.Ok(2), await poster.SubmitBatchAsync(headers[1]));
        var after = await poster.GetBatchAsync(1);
        Assert.Equal(before!.SubmittedAtNs, after!.SubmittedAtNs);
        Assert.Equal(2UL, (await poster.LastBatchAsync())!.Header.Sequence);

        Assert.IsType<SubmitError.Conflict>(Err(await poster.SubmitBatchAsync(headers[0] with { TotalFees = 11 })));
        Assert.IsType<SubmitError.Conflict>(Err(await poster.SubmitBatchAsync(headers[1] with { Root = RootOf(7) })));
        Assert.Equal(headers[1].Root, (await poster.GetBatchAsync(2))!.Header.Root);
    }

    [Fact]
    public async Task Malformed_headers_are_invalid()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        var good = Header(1, Zero32, RootOf(1));
        Assert.IsType<SubmitError.InvalidHeader>(Err(await poster.SubmitBatchAsync(good with { Root = new byte[31] })));
        Assert.IsType<SubmitError.InvalidHeader>(Err(await poster.SubmitBatchAsync(good with { ReceiptCount = 0 })));
        Assert.IsType<SubmitError.InvalidHeader>(Err(await poster.SubmitBatchAsync(good with { WindowStartNs = 10, WindowEndNs = 9 })));
        Assert.Null(await poster.LastBatchAsync());
    }

    [Fact]
    public async Task A_batch_is_pending_until_the_challenge_window_ends_then_final()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        ulong now = Ic.TimeNanos;
        await SubmitChainAsync(poster, 1);
        var record = (await poster.GetBatchAsync(1))!;
        Assert.Equal(now, record.SubmittedAtNs);
        ulong finalAfter = now + (ulong)Window.Ticks * 100;
        Assert.Equal(finalAfter, record.FinalAfterNs);
        Assert.Equal(finalAfter, Assert.IsType<BatchStatus.Pending>(record.Status).Value.FinalAfterNs);

        Ic.AdvanceTime(Window - TimeSpan.FromSeconds(1));
        Assert.IsType<BatchStatus.Pending>((await poster.GetBatchAsync(1))!.Status);
        Ic.AdvanceTime(TimeSpan.FromSeconds(1));
        Assert.IsType<BatchStatus.Final>((await poster.GetBatchAsync(1))!.Status);
        Assert.Null(await poster.GetBatchAsync(2));
    }

    [Fact]
    public async Task The_window_in_force_at_submission_counts()
    {
        var id = await InstallAsync();
        await SubmitChainAsync(As(id, Actors.Poster), 1);
        Assert.IsType<UpdateConfigResult.Ok>(await As(id, Actors.Owner).UpdateConfigAsync(new ConfigUpdate { ChallengeWindowNs = 1 }));
        Assert.IsType<BatchStatus.Pending>((await As(id, Actors.Alice).GetBatchAsync(1))!.Status);
    }

    [Fact]
    public async Task Certified_last_batch_returns_a_certificate_of_sequence_and_root()
    {
        var id = await InstallAsync();
        var client = As(id, Actors.Alice);
        var empty = await client.CertifiedLastBatchAsync();
        Assert.Equal(0UL, empty.Sequence);
        Assert.Equal(Zero32, empty.Root);
        Assert.Equal(CertifiedData(0, Zero32), CertifyingReplica.VerifiedCertifiedData(empty.Certificate!, id));

        await SubmitChainAsync(As(id, Actors.Poster), 2);
        var last = await client.CertifiedLastBatchAsync();
        Assert.Equal(2UL, last.Sequence);
        Assert.Equal(RootOf(2), last.Root);
        Assert.NotNull(last.Certificate);
        Assert.Equal(CertifiedData(2, RootOf(2)), CertifyingReplica.VerifiedCertifiedData(last.Certificate, id));
        Assert.Equal(CertifiedData(2, RootOf(2)), Ic.GetCertifiedData(id));
    }

    private static byte[] CertifiedData(ulong sequence, byte[] root)
    {
        var buffer = new byte[8 + root.Length];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, sequence);
        root.CopyTo(buffer, 8);
        return SHA256.HashData(buffer);
    }

    // ------------------------------------------------------------------ claims

    private static ReceiptLeaf Leaf(string receiptId, Principal? requester = null, Principal? provider = null) => new()
    {
        NetworkId = "test-net",
        ReceiptId = receiptId,
        TaskId = "task-" + receiptId,
        Provider = provider ?? Actors.Provider,
        ProviderOwner = Actors.ProviderOwner,
        ProviderPublicKey = [0x30, 0x2A, 0x30, 0x05],
        Requester = new Account { Owner = requester ?? Actors.Requester, Subaccount = null },
        RequesterPublicKey = null,
        Workload = "llm-inference",
        GpuModel = "H100",
        GpuSeconds = 120,
        StartedAtNs = 1_000,
        EndedAtNs = 121_000,
        FeeToken = Actors.Minter,
        FeeAmount = 1_000_000,
        FeeBlock = 7,
        ResultHash = SHA256.HashData("result"u8),
        ReceiptHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(receiptId)),
        ProviderSignature = [0xAB, 0xCD],
        RequesterSignature = null,
    };

    /// <summary>Leaf bytes: the Candid encoding of one ReceiptLeaf value (canisters/README.md).</summary>
    private static byte[] Encode(ReceiptLeaf leaf)
    {
        using var writer = new CandidArgumentWriter(RollupCandid.ReceiptLeaf.CandidType);
        writer.Write(RollupCandid.ReceiptLeaf, leaf);
        return writer.ToArray();
    }

    private static ReceiptInBatch Proof(ulong batch, IReadOnlyList<byte[]> leaves, int index) => new()
    {
        Batch = batch,
        Proof = new InclusionProof { Leaf = leaves[index], LeafIndex = (ulong)index, Path = Merkle.Path(leaves, index) },
    };

    /// <summary>Batch 1 holds r-1, r-2, r-3; batch 2 holds r-4, r-2 (again), r-5, r-6, r-7 (a five-leaf tree: an odd leaf is promoted).</summary>
    private async Task<(Principal Id, List<byte[]> Batch1, List<byte[]> Batch2)> TwoBatchesWithADuplicateAsync()
    {
        var id = await InstallAsync();
        var batch1 = new[] { "r-1", "r-2", "r-3" }.Select(r => Encode(Leaf(r))).ToList();
        var batch2 = new[] { "r-4", "r-2", "r-5", "r-6", "r-7" }.Select(r => Encode(Leaf(r))).ToList();
        await SubmitChainAsync(As(id, Actors.Poster), 2, i => i == 1 ? (Merkle.Root(batch1), 3UL) : (Merkle.Root(batch2), 5UL));
        return (id, batch1, batch2);
    }

    [Fact]
    public async Task The_canister_decodes_leaves_encoded_in_CSharp()
    {
        var id = await InstallAsync();
        var leaf = Leaf("r-42") with { RequesterSignature = [1, 2, 3] };
        var decoded = await As(id, Actors.Alice).DecodeReceiptLeafAsync(Encode(leaf));
        Assert.NotNull(decoded);
        Assert.Equal(Encode(leaf), Encode(decoded));
        // Candid of another type is no leaf, and neither are bytes that are not Candid (checked before from_candid, which would trap).
        Assert.Null(await As(id, Actors.Alice).DecodeReceiptLeafAsync(CandidSerializer.Serialize("a text")));
        Assert.Null(await As(id, Actors.Alice).DecodeReceiptLeafAsync([1, 2, 3]));
        Assert.Null(await As(id, Actors.Alice).DecodeReceiptLeafAsync(Encode(leaf)[..^1]));
    }

    [Fact]
    public async Task A_receipt_in_two_batches_rejects_the_later_batch_which_then_never_becomes_final()
    {
        var (id, batch1, batch2) = await TwoBatchesWithADuplicateAsync();
        var claim = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(1, batch1, 1), Second = Proof(2, batch2, 1) });
        var outcome = Assert.IsType<ClaimResult.Ok>(await As(id, Actors.Alice).SubmitClaimAsync(claim)).Value;
        Assert.Equal(2UL, outcome.RejectedBatch);
        Assert.Contains("DuplicateReceipt", outcome.Reason);

        var rejected = Assert.IsType<BatchStatus.Rejected>((await As(id, Actors.Alice).GetBatchAsync(2))!.Status);
        Assert.Equal(outcome.Reason, rejected.Value.Reason);
        Ic.AdvanceTime(Window + TimeSpan.FromMinutes(1));
        Assert.IsType<BatchStatus.Rejected>((await As(id, Actors.Alice).GetBatchAsync(2))!.Status);
        Assert.IsType<BatchStatus.Final>((await As(id, Actors.Alice).GetBatchAsync(1))!.Status);

        // A rejected batch stays in the root chain.
        Assert.Equal(new SubmitResult.Ok(3), await As(id, Actors.Poster).SubmitBatchAsync(Header(3, Merkle.Root(batch2), RootOf(3))));
    }

    [Fact]
    public async Task The_claim_order_does_not_matter_and_a_repeated_claim_finds_the_batch_no_longer_pending()
    {
        var (id, batch1, batch2) = await TwoBatchesWithADuplicateAsync();
        var claim = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(2, batch2, 1), Second = Proof(1, batch1, 1) });
        Assert.Equal(2UL, Assert.IsType<ClaimResult.Ok>(await As(id, Actors.Bob).SubmitClaimAsync(claim)).Value.RejectedBatch);
        Assert.Equal(2UL, Assert.IsType<ClaimError.NotPending>(Assert.IsType<ClaimResult.Err>(await As(id, Actors.Bob).SubmitClaimAsync(claim)).Value).Value.Sequence);
    }

    [Fact]
    public async Task A_duplicate_within_one_batch_rejects_it()
    {
        var id = await InstallAsync();
        var leaves = new[] { "r-1", "r-2", "r-1" }.Select(r => Encode(Leaf(r))).ToList();
        await SubmitChainAsync(As(id, Actors.Poster), 1, _ => (Merkle.Root(leaves), 3UL));
        var claim = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(1, leaves, 0), Second = Proof(1, leaves, 2) });
        Assert.Equal(1UL, Assert.IsType<ClaimResult.Ok>(await As(id, Actors.Alice).SubmitClaimAsync(claim)).Value.RejectedBatch);
    }

    [Fact]
    public async Task Claims_that_prove_nothing_are_refused()
    {
        var (id, batch1, batch2) = await TwoBatchesWithADuplicateAsync();
        var client = As(id, Actors.Alice);
        async Task<ClaimError> Refused(Claim c) => Assert.IsType<ClaimResult.Err>(await client.SubmitClaimAsync(c)).Value;

        // Different receipts, the same leaf twice, and no self-dealing.
        Assert.IsType<ClaimError.NotAViolation>(await Refused(new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(1, batch1, 0), Second = Proof(2, batch2, 0) })));
        Assert.IsType<ClaimError.NotAViolation>(await Refused(new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(1, batch1, 1), Second = Proof(1, batch1, 1) })));
        Assert.IsType<ClaimError.NotAViolation>(await Refused(new Claim.SelfDealing(Proof(1, batch1, 0))));

        // Invalid proofs: wrong index, wrong sibling, a path of the wrong length, a leaf not in the tree, the wrong batch.
        var good = Proof(2, batch2, 1);
        Assert.IsType<ClaimError.InvalidProof>(await Refused(new Claim.SelfDealing(good with { Proof = good.Proof with { LeafIndex = 2 } })));
        Assert.IsType<ClaimError.InvalidProof>(await Refused(new Claim.SelfDealing(good with { Proof = good.Proof with { Path = [RootOf(1), .. good.Proof.Path[1..]] } })));
        Assert.IsType<ClaimError.InvalidProof>(await Refused(new Claim.SelfDealing(good with { Proof = good.Proof with { Path = good.Proof.Path[..^1] } })));
        Assert.IsType<ClaimError.InvalidProof>(await Refused(new Claim.SelfDealing(good with { Proof = good.Proof with { Leaf = Encode(Leaf("r-99")) } })));
        Assert.IsType<ClaimError.InvalidProof>(await Refused(new Claim.SelfDealing(good with { Batch = 1 })));
        Assert.Equal(9UL, Assert.IsType<ClaimError.UnknownBatch>(await Refused(new Claim.SelfDealing(good with { Batch = 9 }))).Value.Sequence);

        // Nothing was rejected.
        Assert.IsType<BatchStatus.Pending>((await client.GetBatchAsync(1))!.Status);
        Assert.IsType<BatchStatus.Pending>((await client.GetBatchAsync(2))!.Status);
    }

    [Fact]
    public async Task A_leaf_that_is_not_a_receipt_is_malformed_even_with_a_valid_proof()
    {
        var id = await InstallAsync();
        var leaves = new List<byte[]> { Encode(Leaf("r-1")), CandidSerializer.Serialize("a text"), "not candid"u8.ToArray() };
        await SubmitChainAsync(As(id, Actors.Poster), 1, _ => (Merkle.Root(leaves), 3UL));
        Assert.IsType<ClaimError.MalformedLeaf>(Assert.IsType<ClaimResult.Err>(await As(id, Actors.Alice).SubmitClaimAsync(new Claim.SelfDealing(Proof(1, leaves, 1)))).Value);
        // Not Candid at all: refused as malformed, not by a trap of Motoko's from_candid.
        Assert.IsType<ClaimError.MalformedLeaf>(Assert.IsType<ClaimResult.Err>(await As(id, Actors.Alice).SubmitClaimAsync(new Claim.SelfDealing(Proof(1, leaves, 2)))).Value);
        Assert.IsType<BatchStatus.Pending>((await As(id, Actors.Alice).GetBatchAsync(1))!.Status);
    }

    [Fact]
    public async Task Self_dealing_rejects_a_pending_batch_but_not_a_final_one()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        var batch1 = new List<byte[]> { Encode(Leaf("r-1")), Encode(Leaf("r-2", requester: Actors.ProviderOwner)) };
        var batch2 = new List<byte[]> { Encode(Leaf("r-3", requester: Actors.Provider)) };
        await SubmitChainAsync(poster, 1, _ => (Merkle.Root(batch1), 2UL));
        Ic.AdvanceTime(Window);
        Assert.Equal(new SubmitResult.Ok(2), await poster.SubmitBatchAsync(Header(2, Merkle.Root(batch1), Merkle.Root(batch2))));

        Assert.Equal(1UL, Assert.IsType<ClaimError.NotPending>(Assert.IsType<ClaimResult.Err>(
            await As(id, Actors.Alice).SubmitClaimAsync(new Claim.SelfDealing(Proof(1, batch1, 1)))).Value).Value.Sequence);
        var outcome = Assert.IsType<ClaimResult.Ok>(await As(id, Actors.Alice).SubmitClaimAsync(new Claim.SelfDealing(Proof(2, batch2, 0)))).Value;
        Assert.Equal(2UL, outcome.RejectedBatch);
        Assert.Contains("SelfDealing", outcome.Reason);
    }

    // ------------------------------------------------------------------ epochs

    private static EpochHeader Epoch(ulong epoch, ulong first, ulong last, ulong payout = 100) => new()
    {
        Epoch = epoch,
        FirstBatch = first,
        LastBatch = last,
        Token = Actors.Minter,
        TotalPayout = payout,
        DistributionRoot = SHA256.HashData(BitConverter.GetBytes(epoch)),
    };

    private static EpochError EpochErr(EpochResult r) => Assert.IsType<EpochResult.Err>(r).Value;

    [Fact]
    public async Task Epochs_cover_final_batches_contiguously()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        await SubmitChainAsync(poster, 3);

        Assert.Equal(1UL, Assert.IsType<EpochError.BatchNotFinal>(EpochErr(await poster.SubmitEpochAsync(Epoch(1, 1, 2)))).Value.Sequence);
        Ic.AdvanceTime(Window);
        Assert.Equal(1UL, Assert.IsType<EpochError.OutOfOrder>(EpochErr(await poster.SubmitEpochAsync(Epoch(2, 1, 2)))).Value.Expected);
        Assert.Equal(1UL, Assert.IsType<EpochError.NotContiguous>(EpochErr(await poster.SubmitEpochAsync(Epoch(1, 2, 3)))).Value.ExpectedFirstBatch);
        Assert.Equal(4UL, Assert.IsType<EpochError.UnknownBatch>(EpochErr(await poster.SubmitEpochAsync(Epoch(1, 1, 4)))).Value.Sequence);
        Assert.IsType<EpochError.InvalidEpoch>(EpochErr(await poster.SubmitEpochAsync(Epoch(1, 1, 2) with { DistributionRoot = new byte[31] })));

        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(1, 1, 2)));
        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(1, 1, 2)));               // a repeat
        Assert.IsType<EpochError.Conflict>(EpochErr(await poster.SubmitEpochAsync(Epoch(1, 1, 2, payout: 7))));
        Assert.Equal(3UL, Assert.IsType<EpochError.NotContiguous>(EpochErr(await poster.SubmitEpochAsync(Epoch(2, 2, 3)))).Value.ExpectedFirstBatch);
        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(2, 3, 2, payout: 0)));    // empty
        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(3, 3, 3)));
        Assert.Equal(Epoch(3, 3, 3), await poster.LastEpochAsync(), EpochComparer.Instance);
        Assert.Equal(Epoch(1, 1, 2), await poster.GetEpochAsync(1), EpochComparer.Instance);
        Assert.Null(await poster.GetEpochAsync(4));
    }

    [Fact]
    public async Task An_epoch_may_cover_a_rejected_batch_but_not_a_pending_one()
    {
        var (id, batch1, batch2) = await TwoBatchesWithADuplicateAsync();
        var claim = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(1, batch1, 1), Second = Proof(2, batch2, 1) });
        Assert.IsType<ClaimResult.Ok>(await As(id, Actors.Alice).SubmitClaimAsync(claim));
        var poster = As(id, Actors.Poster);
        Assert.Equal(1UL, Assert.IsType<EpochError.BatchNotFinal>(EpochErr(await poster.SubmitEpochAsync(Epoch(1, 1, 2)))).Value.Sequence);
        Ic.AdvanceTime(Window);
        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(1, 1, 2)));
    }

    [Fact]
    public async Task An_upgrade_keeps_batches_epochs_configuration_and_certified_data()
    {
        var id = await InstallAsync();
        var poster = As(id, Actors.Poster);
        await SubmitChainAsync(poster, 3);
        Ic.AdvanceTime(Window);
        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(1, 1, 2)));
        Assert.IsType<UpdateConfigResult.Ok>(await As(id, Actors.Owner).UpdateConfigAsync(new ConfigUpdate { ChallengeWindowNs = 42 }));
        var before = await Snapshot(poster);

        var init = RollupClient.EncodeInitArgs(new InitArgs { Poster = Actors.Alice, Owner = Actors.Alice, ChallengeWindowNs = 1 });
        await Ic.InstallCodeAsync(id, fixture.Wasm, init, InstallCodeMode.Upgrade, Actors.Controller);

        var after = await Snapshot(poster);
        Assert.Equal(before, after);
        Assert.Equal(CertifiedData(3, RootOf(3)), Ic.GetCertifiedData(id));
        Assert.Equal(new SubmitResult.Ok(4), await poster.SubmitBatchAsync(Header(4, RootOf(3), RootOf(4))));
        Assert.IsType<EpochResult.Ok>(await poster.SubmitEpochAsync(Epoch(2, 3, 3)));
    }

    private static async Task<string> Snapshot(RollupClient c)
    {
        var parts = new List<string>();
        for (ulong i = 1; i <= 4; i++) parts.Add(Describe(await c.GetBatchAsync(i)));
        parts.Add(Describe(await c.LastEpochAsync()));
        parts.Add(Describe(await c.GetEpochAsync(1)));
        parts.Add(Describe(await c.GetConfigAsync()));
        var last = await c.CertifiedLastBatchAsync();
        parts.Add($"{last.Sequence}:{Convert.ToHexString(last.Root)}");
        return string.Join("\n", parts);
    }

    private static string Describe(BatchRecord? b) => b is null ? "-" :
        $"{b.Header.Sequence} {Convert.ToHexString(b.Header.Root)} {Convert.ToHexString(b.Header.PreviousRoot)} {b.Header.ReceiptCount} {b.Header.TotalFees} {b.SubmittedAtNs} {b.FinalAfterNs} {b.Status.GetType().Name}";

    private static string Describe(EpochHeader? e) => e is null ? "-" :
        $"{e.Epoch} {e.FirstBatch}..{e.LastBatch} {e.TotalPayout} {e.Token} {Convert.ToHexString(e.DistributionRoot)}";

    private static string Describe(Config c) => $"{c.Poster} {c.Owner} {c.ChallengeWindowNs}";

    private sealed class EpochComparer : IEqualityComparer<EpochHeader?>
    {
        public static readonly EpochComparer Instance = new();
        public bool Equals(EpochHeader? x, EpochHeader? y) => Describe(x) == Describe(y);
        public int GetHashCode(EpochHeader? obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);
    }
}
