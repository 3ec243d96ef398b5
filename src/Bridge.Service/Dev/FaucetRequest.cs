using System.Numerics;
using System.Text.Json;
using Bridge.Core.Protocol;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Service.Dev;

/// <summary>The faucet's body: <c>{ "account": "&lt;ICRC-1 account text&gt;", "amount": "&lt;nat&gt;" }</c>, nothing else.</summary>
internal sealed record FaucetRequest(Account Account, Nat Amount)
{
    public static FaucetRequest Parse(byte[] body)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { throw new MalformedBodyException(null, e.BytePositionInLine, "not JSON"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new MalformedBodyException(null, 0, "a JSON object is expected");
            Account? account = null;
            Nat? amount = null;
            foreach (var member in doc.RootElement.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "account" when account is null && member.Value.ValueKind == JsonValueKind.String:
                        if (!Account.TryParse(member.Value.GetString(), out account))
                            throw new MalformedBodyException("account", null, "not an ICRC-1 account text");
                        break;
                    case "amount" when amount is null && member.Value.ValueKind == JsonValueKind.String:
                        string text = member.Value.GetString()!;
                        if (text.Length is 0 or > 40 || !text.All(char.IsAsciiDigit)) throw new MalformedBodyException("amount", null, "a decimal string of digits is expected");
                        amount = new Nat(BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        throw new MalformedBodyException(member.Name, null, "unknown, repeated or not a string");
                }
            }
            if (account is null) throw new MalformedBodyException("account", null, "missing");
            if (amount is null) throw new MalformedBodyException("amount", null, "missing");
            return new FaucetRequest(account, amount.Value);
        }
    }
}
