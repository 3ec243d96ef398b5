using System.Numerics;
using Bridge.Core.Payouts;
using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger.Icrc1;

namespace Bridge.Core.Tests;

public class PayoutPlanTests
{
    [Fact]
    public void A_line_pays_its_account_amount_and_memo_with_the_stored_time_and_fee()
    {
        var c = Vectors.Array("rewards.json", "cases").Single(x => x.Str("name") == "period-2-compute");
        var result = RewardEngine.Compute(RewardVectorTests.Input(c.GetProperty("input")));
        var line = result.Lines.Single(l => l.Subaccount is not null);
        var transfer = PayoutPlan.Transfer(line, createdAtTimeNs: 1_795_961_000_000_000_000, fee: 10_000);
        Assert.Equal(line.Owner, transfer.To.Owner);
        Assert.Equal(line.Subaccount, transfer.To.Subaccount);
        Assert.Equal(line.Amount, (BigInteger)transfer.Amount);
        Assert.Equal(line.LineHash, transfer.Memo);
        Assert.Equal(1_795_961_000_000_000_000UL, transfer.CreatedAtTime);
        Assert.Equal(new BigInteger(10_000), (BigInteger)transfer.Fee!.Value);
        Assert.Null(transfer.FromSubaccount);

        // A retry builds the same bytes, so the ledger can answer Duplicate.
        var again = PayoutPlan.Transfer(line, 1_795_961_000_000_000_000, 10_000);
        Assert.Equal(CandidSerializer.Serialize(transfer, TransferArgs.Converter), CandidSerializer.Serialize(again, TransferArgs.Converter));
        var defaultLine = result.Lines.First(l => l.Subaccount is null);
        Assert.Null(PayoutPlan.Transfer(defaultLine, 1, 0).To.Subaccount);
    }
}
