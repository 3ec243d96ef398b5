using System.Runtime.CompilerServices;
using Icp.Candid;
using Icp.Ledger.Icrc1;
using Icp.Ledger.Icrc2;
using Icp.Ledger.Icrc3;
using Value = Icp.Ledger.Icrc3.Value;

namespace Icp.Ledger;

/// <summary>
/// An ICRC-1/2/3 ledger: the generated clients (<see cref="Icrc1"/>, <see cref="Icrc2"/>, <see cref="Icrc3"/>) and
/// a thin layer over them: balances as <see cref="TokenAmount"/>s, transfers whose retries are deduplicated
/// (<see cref="TransferAsync"/>), approvals, and the block log as an <see cref="IAsyncEnumerable{T}"/>
/// (<see cref="GetBlocksAsync"/>), archives included.
/// </summary>
public sealed class IcrcLedger
{
    private readonly ICanisterTransport _transport;
    private byte? _decimals;

    /// <summary>A ledger <paramref name="canisterId"/> reached through <paramref name="transport"/> (the agent, or the local replica).</summary>
    /// <param name="transport">Sends calls as the caller (the transport's identity owns the default account).</param>
    /// <param name="canisterId">The ledger canister.</param>
    public IcrcLedger(ICanisterTransport transport, Principal canisterId)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        CanisterId = canisterId ?? throw new ArgumentNullException(nameof(canisterId));
        Icrc1 = new Icrc1Client(transport, canisterId);
        Icrc2 = new Icrc2Client(transport, canisterId);
        Icrc3 = new Icrc3Client(transport, canisterId);
    }

    /// <summary>The ledger canister.</summary>
    public Principal CanisterId { get; }

    /// <summary>The generated ICRC-1 client (from <c>candid/ICRC-1.did</c>).</summary>
    public Icrc1Client Icrc1 { get; }

    /// <summary>The generated ICRC-2 client (from <c>candid/ICRC-2.did</c>).</summary>
    public Icrc2Client Icrc2 { get; }

    /// <summary>The generated ICRC-3 client (from <c>candid/ICRC-3.did</c>).</summary>
    public Icrc3Client Icrc3 { get; }

    /// <summary>The token's decimals (<c>icrc1_decimals</c>, asked once).</summary>
    /// <param name="ct">Cancels the call.</param>
    public async Task<byte> GetDecimalsAsync(CancellationToken ct = default) =>
        _decimals ??= await Icrc1.DecimalsAsync(ct).ConfigureAwait(false);

    /// <summary>The balance of <paramref name="account"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="ct">Cancels the call.</param>
    public async Task<TokenAmount> BalanceOfAsync(Account account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        byte decimals = await GetDecimalsAsync(ct).ConfigureAwait(false);
        return new TokenAmount(await Icrc1.BalanceOfAsync(account, ct).ConfigureAwait(false), decimals);
    }

    /// <summary>The current transfer fee.</summary>
    /// <param name="ct">Cancels the call.</param>
    public async Task<TokenAmount> FeeAsync(CancellationToken ct = default)
    {
        byte decimals = await GetDecimalsAsync(ct).ConfigureAwait(false);
        return new TokenAmount(await Icrc1.FeeAsync(ct).ConfigureAwait(false), decimals);
    }

    /// <summary>
    /// Sends <c>icrc1_transfer</c> with the request's fixed arguments. Calling again with the same request after a
    /// lost reply is safe: the ledger answers <c>Duplicate</c>, which is <see cref="LedgerOutcome{TError}.Duplicate"/>
    /// (a success with the original block).
    /// </summary>
    /// <param name="request">The transfer.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>Ok (the new block), Duplicate (the original block), or Rejected with the typed error.</returns>
    public async Task<LedgerOutcome<TransferError>> TransferAsync(TransferRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Icrc1.TransferAsync(request.ToArgs(), ct).ConfigureAwait(false);
        return result switch
        {
            Icrc1TransferResult.Ok ok => new LedgerOutcome<TransferError>.Ok(ok.Value),
            Icrc1TransferResult.Err { Value: TransferError.Duplicate d } => new LedgerOutcome<TransferError>.Duplicate(d.Value.DuplicateOf),
            Icrc1TransferResult.Err err => new LedgerOutcome<TransferError>.Rejected(err.Value),
            _ => throw new InvalidOperationException("unknown transfer result"),
        };
    }

    /// <summary>Sends <c>icrc2_transfer_from</c> (see <see cref="TransferAsync"/> for retries).</summary>
    /// <param name="request">The transfer.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>Ok (the new block), Duplicate (the original block), or Rejected with the typed error.</returns>
    public async Task<LedgerOutcome<TransferFromError>> TransferFromAsync(TransferFromRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Icrc2.TransferFromAsync(request.ToArgs(), ct).ConfigureAwait(false);
        return result switch
        {
            Icrc2TransferFromResult.Ok ok => new LedgerOutcome<TransferFromError>.Ok(ok.Value),
            Icrc2TransferFromResult.Err { Value: TransferFromError.Duplicate d } => new LedgerOutcome<TransferFromError>.Duplicate(d.Value.DuplicateOf),
            Icrc2TransferFromResult.Err err => new LedgerOutcome<TransferFromError>.Rejected(err.Value),
            _ => throw new InvalidOperationException("unknown transfer_from result"),
        };
    }

    /// <summary>Sends <c>icrc2_approve</c> with the given arguments (set <c>CreatedAtTime</c> and <c>Memo</c> once for deduplicated retries).</summary>
    /// <param name="args">The generated argument record.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>Ok (the new block), Duplicate (the original block), or Rejected with the typed error.</returns>
    public async Task<LedgerOutcome<ApproveError>> ApproveAsync(ApproveArgs args, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = await Icrc2.ApproveAsync(args, ct).ConfigureAwait(false);
        return result switch
        {
            Icrc2ApproveResult.Ok ok => new LedgerOutcome<ApproveError>.Ok(ok.Value),
            Icrc2ApproveResult.Err { Value: ApproveError.Duplicate d } => new LedgerOutcome<ApproveError>.Duplicate(d.Value.DuplicateOf),
            Icrc2ApproveResult.Err err => new LedgerOutcome<ApproveError>.Rejected(err.Value),
            _ => throw new InvalidOperationException("unknown approve result"),
        };
    }

    /// <summary>
    /// The blocks from <paramref name="start"/> on, in order, through <c>icrc3_get_blocks</c>: asks for
    /// <paramref name="batchSize"/> at a time and follows the ledger's own limit (a shorter answer is asked again from
    /// where it stopped), fetches archived ranges through their callbacks (a query to the archive), and ends at the
    /// <c>log_length</c> of the last answer (or after <paramref name="count"/> blocks).
    /// </summary>
    /// <param name="start">The first block index.</param>
    /// <param name="count">How many blocks at most; all when null.</param>
    /// <param name="batchSize">Blocks asked per call.</param>
    /// <param name="ct">Cancels the enumeration.</param>
    /// <exception cref="InvalidOperationException">The ledger skipped a block it should have returned.</exception>
    public async IAsyncEnumerable<Block> GetBlocksAsync(Nat start = default, Nat? count = null, int batchSize = 1000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Nat next = start;
        Nat? end = count is { } c ? start + c : null;
        while (end is null || next < end.Value)
        {
            Nat length = batchSize;
            if (end is { } e && e - next < length) length = e - next;
            var result = await Icrc3.GetBlocksAsync([new GetBlocksArgsItem { Start = next, Length = length }], ct).ConfigureAwait(false);
            var found = new SortedDictionary<Nat, Value>();
            foreach (var b in result.Blocks) found[b.Id] = b.Block;
            foreach (var archived in result.ArchivedBlocks)
            {
                await foreach (var b in FetchArchivedAsync(archived, ct).ConfigureAwait(false)) found[b.Id] = b.Block;
            }
            Nat before = next;
            foreach (var (id, value) in found)
            {
                if (id < next) continue;
                if (id != next) throw new InvalidOperationException($"the ledger returned block {id} where block {next} was expected");
                yield return new Block(id, value);
                next += 1;
                if (end is { } stop && next >= stop) yield break;
            }
            if (next >= result.LogLength) yield break;
            if (next == before) throw new InvalidOperationException($"the ledger returned no block at {next} although its log has {result.LogLength}");
        }
    }

    private async IAsyncEnumerable<GetBlocksResultBlocksItem> FetchArchivedAsync(GetBlocksResultArchivedBlocksItem archived, [EnumeratorCancellation] CancellationToken ct)
    {
        // The callback is a query `func (GetBlocksArgs) -> (GetBlocksResult)` of the archive canister.
        byte[] arg;
        using (var writer = new CandidArgumentWriter(Icrc3Candid.VecGetBlocksArgsItem.CandidType))
        {
            writer.Write(Icrc3Candid.VecGetBlocksArgsItem, archived.Args);
            arg = writer.ToArray();
        }
        byte[] reply = await _transport.QueryAsync(archived.Callback.Canister, archived.Callback.Method, arg, ct).ConfigureAwait(false);
        var result = DecodeGetBlocksResult(reply);
        foreach (var b in result.Blocks) yield return b;
    }

    private static GetBlocksResult DecodeGetBlocksResult(byte[] reply)
    {
        var reader = new CandidArgumentReader(reply);
        var result = reader.Read(Icrc3Candid.GetBlocksResult);
        reader.End();
        return result;
    }
}

/// <summary>An ICRC-3 block: its index in the log and its value.</summary>
/// <param name="Index">The block index.</param>
/// <param name="Value">The block (a <c>Map</c> with <c>phash</c>, <c>ts</c>, <c>tx</c>, ... in the ICRC-1/2 schema).</param>
public sealed record Block(Nat Index, Value Value)
{
    /// <summary>The block's ICRC-3 hash (what the next block's <c>phash</c> holds).</summary>
    public byte[] Hash() => Icrc3Hash.Of(Value);

    /// <summary>The <c>phash</c> field: the hash of the previous block (null for the first block).</summary>
    public byte[]? ParentHash => Field("phash") is Value.Blob b ? b.Value : null;

    /// <summary>The <c>ts</c> field (nanoseconds), when present.</summary>
    public ulong? Timestamp => Field("ts") is Value.Nat n && n.Value.TryGetUInt64(out ulong ts) ? ts : null;

    /// <summary>A top-level field of the block map, or null.</summary>
    /// <param name="name">The field name.</param>
    public Value? Field(string name) =>
        Value is Value.Map m ? m.Value.FirstOrDefault(e => e.Item1 == name)?.Item2 : null;
}
