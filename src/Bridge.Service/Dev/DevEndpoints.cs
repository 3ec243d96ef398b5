using Bridge.Core.Protocol;
using Bridge.Service.Http;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Service.Dev;

/// <summary><c>POST /v1/dev/faucet</c>: mints local tokens, under <c>--dev</c> only (the route does not exist otherwise).</summary>
internal static class DevEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/v1/dev/faucet", async Task<IResult> (HttpRequest request, DevEnvironment dev, CancellationToken ct) =>
        {
            var (body, problem) = await BoundedBody.ReadJsonAsync(request, ProtocolLimits.MaxBodyBytes, ct);
            if (problem is not null) return problem.ToResult();
            FaucetRequest faucet;
            try { faucet = FaucetRequest.Parse(body!); }
            catch (MalformedBodyException e) { return Problem.Malformed(e.Message).ToResult(); }
            var block = await dev.MintAsync(faucet.Account, faucet.Amount, ct);
            return TypedResults.Ok(new FaucetResponse(block.ToString()));
        }).WithName("DevFaucet").WithSummary("Mint local tokens to an account (--dev only)")
          .DescribesJsonBody<FaucetDocument>().Produces<FaucetResponse>().ProducesProblem(400);
    }
}

/// <summary>The faucet's answer: the mint's block index.</summary>
public sealed record FaucetResponse(string Block);

/// <summary>The faucet's request, for the OpenAPI description.</summary>
public sealed record FaucetDocument(string Account, string Amount);
