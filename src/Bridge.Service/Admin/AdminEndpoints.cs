using System.Globalization;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Leadership;
using Bridge.Service.Logging;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Admin;

/// <summary>
/// The operator's routes (only when <c>Admin:Enabled</c>): <c>GET /v1/admin/roles</c> lists each role's halt and
/// whether this instance runs it; <c>POST /v1/admin/roles/{role}/resume</c> clears a halt (a <c>role_resumed</c>
/// event). Every request needs <c>Authorization: Bearer KEY</c>: 401 <c>unauthorized</c> without one, 403
/// <c>forbidden</c> for a wrong one. <c>POST /v1/admin/epochs/{epoch}/lines/{index}/release</c> returns a held payout
/// line to <c>pending</c> (<see cref="IBridgeStore.ReleaseHeldLineAsync"/>): 404 for no such line, 409 <c>conflict</c>
/// for a line that is not held.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup("/v1/admin").AddEndpointFilter(RequireKey)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/roles", async (RoleHalts halts, ILeadership leadership, IOptions<BridgeOptions> options, CancellationToken ct) =>
        {
            var roles = (await halts.ListAsync(ct)).Select(h => StateOf(h.Role, h.Reason, leadership, options.Value)).ToList();
            return TypedResults.Ok(new AdminRolesResponse(roles));
        }).WithName("ListRoles").WithSummary("Admin: each role's halt and whether this instance runs it")
          .Produces<AdminRolesResponse>();

        admin.MapPost("/roles/{role}/resume", async Task<IResult> (string role, HttpContext context, RoleHalts halts, ILeadership leadership,
            IOptions<BridgeOptions> options, CancellationToken ct) =>
        {
            if (!BridgeRoles.TryParse(role, out var which))
                return Problem.NotFound($"role: '{role}' is not a role (posting, settling, paying)").ToResult();
            string by = By(context);
            string? cleared = await halts.ResumeAsync(which, by, ct);
            var state = StateOf(which, await halts.ReasonAsync(which, ct), leadership, options.Value);
            return TypedResults.Ok(new RoleResumed(state, cleared is not null, cleared));
        }).WithName("ResumeRole").WithSummary("Admin: clear a role's halt; its worker goes on at its next round")
          .Produces<RoleResumed>().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/epochs/{epoch}/lines/{index}/release", async Task<IResult> (string epoch, string index, HttpContext context,
            IBridgeStore store, ILoggerFactory loggers, CancellationToken ct) =>
        {
            if (!long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out long e) || e < 1)
                return Problem.NotFound($"epoch: '{epoch}' is not an epoch number").ToResult();
            if (!long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out long i))
                return Problem.NotFound($"index: '{index}' is not a line index").ToResult();
            string by = By(context);
            var (line, released) = await store.ReleaseHeldLineAsync(e, i, by, ct);
            if (line is null) return Problem.NotFound($"epoch {e} has no line {i}").ToResult();
            if (!released)
                return new Problem(StatusCodes.Status409Conflict, ServiceProblemCodes.Conflict,
                    $"line {e}/{i} is {line.Status}, not held: only a held line is released").ToResult();
            BridgeLog.LineReleased(loggers.CreateLogger(typeof(AdminEndpoints).FullName!), e, i, by, line.Reason ?? "");
            return TypedResults.Ok(new LineReleased(i, LineResponse.Of(line with { Status = "pending", Reason = null }), line.Reason));
        }).WithName("ReleaseLine").WithSummary("Admin: release a held payout line to pending; the payout worker pays it by its rules")
          .Produces<LineReleased>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static string By(HttpContext context) =>
        "the admin key from " + (context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");

    private static RoleState StateOf(BridgeRole role, string? reason, ILeadership leadership, BridgeOptions options) =>
        new(role.Name(), reason is not null, reason, RoleActivity.IsActive(role, leadership, options));

    private static async ValueTask<object?> RequireKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!AdminKey.TryGetBearer(http.Request.Headers.Authorization, out string key))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return new Problem(StatusCodes.Status401Unauthorized, ServiceProblemCodes.Unauthorized,
                "Authorization: the admin routes need 'Authorization: Bearer <admin key>'").ToResult();
        }
        if (!http.RequestServices.GetRequiredService<AdminKey>().Matches(key))
            return new Problem(StatusCodes.Status403Forbidden, ServiceProblemCodes.Forbidden, "Authorization: the bearer key is not the admin key").ToResult();
        return await next(context);
    }
}

/// <summary>One role as the admin routes show it.</summary>
/// <param name="Role"><c>posting</c>, <c>settling</c> or <c>paying</c>.</param>
/// <param name="Halted">Whether it is halted (for every instance of the store).</param>
/// <param name="Reason">Why, when halted.</param>
/// <param name="Active">Whether this instance runs it now (it holds the active role).</param>
public sealed record RoleState(string Role, bool Halted, string? Reason, bool Active);

/// <summary>The answer of <c>GET /v1/admin/roles</c>.</summary>
public sealed record AdminRolesResponse(IReadOnlyList<RoleState> Roles);

/// <summary>The answer of <c>POST /v1/admin/roles/{role}/resume</c>: the role's state now, and the halt cleared (if it was halted).</summary>
public sealed record RoleResumed(RoleState State, bool Resumed, string? ClearedReason);

/// <summary>The answer of <c>POST /v1/admin/epochs/{epoch}/lines/{index}/release</c>.</summary>
/// <param name="Index">The line's index in its epoch.</param>
/// <param name="Line">The line as the API shows it now: pending.</param>
/// <param name="HeldFor">The reason it was held.</param>
public sealed record LineReleased(long Index, LineResponse Line, string? HeldFor);
