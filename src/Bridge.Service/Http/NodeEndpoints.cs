using Bridge.Core.Protocol;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Bridge.Service.Configuration;
using Bridge.Service.Store;
using Icp.Candid;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Http;

/// <summary><c>POST /v1/nodes</c> and <c>GET /v1/nodes/{provider}</c> (section 2).</summary>
internal static class NodeEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/v1/nodes", async Task<IResult> (HttpRequest request, IBridgeStore store, TimeProvider time, IOptions<BridgeOptions> bridge,
            BridgeMetrics metrics, CancellationToken ct) =>
        {
            var (body, problem) = await BoundedBody.ReadJsonAsync(request, ProtocolLimits.MaxBodyBytes, ct);
            if (problem is not null) return problem.ToResult();
            NodeRegistration registration;
            try { registration = RegistrationParser.Parse(body!); }
            catch (MalformedBodyException e) { return Problem.Malformed(e.Message).ToResult(); }

            var existing = await store.GetNodeAsync(registration.Provider, ct);
            var answer = RegistrationIntake.Decide(registration, bridge.Value.NetworkId, p => p == registration.Provider ? existing : null);
            if (answer.IsNew)
            {
                var (stored, created) = await store.AddNodeAsync(answer.Node!, JsonNat.Nanos(time.GetUtcNow()), ct);
                // A concurrent registration of the same key won: answer as if it had been there.
                if (!created) answer = RegistrationIntake.Decide(registration, bridge.Value.NetworkId, p => p == stored.Provider ? stored : null);
            }
            metrics.Registration(answer.Status);
            if (answer.Node is not { } node) return new Problem(answer.Status, answer.Code!, answer.Detail!).ToResult();
            var result = new NodeRegistered(node.Provider.ToString(), node.Owner.ToString());
            return answer.IsNew ? TypedResults.Json(result, statusCode: 201) : TypedResults.Ok(result);
        }).WithName("RegisterNode").WithSummary("Register a node's key and reward owner; 201 new, 200 the same again")
          .DescribesJsonBody<RegistrationDocument>()
          .Produces<NodeRegistered>(201).Produces<NodeRegistered>()
          .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(503);

        app.MapGet("/v1/nodes/{provider}", async Task<IResult> (string provider, IBridgeStore store, CancellationToken ct) =>
        {
            if (!Principal.TryParse(provider, out var principal)) return Problem.Malformed($"provider: '{provider}' is not a principal").ToResult();
            return await store.GetNodeAsync(principal, ct) is { } node
                ? TypedResults.Ok(new NodeResponse(node.Provider.ToString(), JsonNat.Hex(node.PublicKey), node.Owner.ToString()))
                : Problem.NotFound($"provider: no node {principal} is registered").ToResult();
        }).WithName("GetNode").WithSummary("A node's registration")
          .Produces<NodeResponse>().ProducesProblem(400).ProducesProblem(404);
    }
}

/// <summary>The 200/201 body of <c>POST /v1/nodes</c>.</summary>
public sealed record NodeRegistered(string Provider, string Owner);

/// <summary>A registration as <c>GET /v1/nodes/{provider}</c> shows it.</summary>
public sealed record NodeResponse(string Provider, string PublicKey, string Owner);

/// <summary>A registration as sent (section 2), for the OpenAPI description.</summary>
public sealed record RegistrationDocument(string NetworkId, string PublicKey, string Owner, string Signature);
