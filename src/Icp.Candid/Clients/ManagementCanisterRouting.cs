namespace Icp.Candid;

/// <summary>
/// Calls to the management canister <c>aaaaa-aa</c> are routed to the subnet of the canister they concern: its
/// effective canister id is the canister the argument names (<c>canister_id</c>, <c>target_canister</c>, or
/// <c>specified_id</c>), as agent-rs and agent-js find it.
/// </summary>
public static class ManagementCanisterRouting
{
    private static readonly CandidLabel[] Fields =
        [CandidLabel.FromName("canister_id"), CandidLabel.FromName("target_canister"), CandidLabel.FromName("specified_id")];

    /// <summary>The canister a management call's argument names, or null when it names none (or is not Candid).</summary>
    /// <param name="arg">The Candid-encoded argument of the call.</param>
    public static Principal? FindNamedCanister(ReadOnlySpan<byte> arg)
    {
        IReadOnlyList<CandidValue> values;
        try
        {
            values = CandidDecoder.Decode(arg);
        }
        catch (CandidDecodeException)
        {
            return null;
        }
        if (values is not [CandidRecordValue record, ..]) return null;
        foreach (var label in Fields)
        {
            switch (record[label])
            {
                case CandidPrincipalValue p: return p.Value;
                case CandidOptValue { Value: CandidPrincipalValue p }: return p.Value;
            }
        }
        return null;
    }
}
