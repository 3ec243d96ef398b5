namespace Bridge.Service.Http;

/// <summary>The <c>code</c> of problems the service adds to the protocol's (<see cref="Bridge.Core.Receipts.ProblemCodes"/>).</summary>
public static class ServiceProblemCodes
{
    /// <summary>429: the intake is full; retry after <c>Retry-After</c>.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>503: the store cannot be written (or a dependency is unreachable).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>404: no such resource or route.</summary>
    public const string NotFound = "not_found";

    /// <summary>405: the route exists with another method.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>401: an admin route without a bearer key.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>403: an admin route with a bearer key that is not the admin key.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>409: an admin command that does not apply to the resource's state (releasing a payout line that is not held).</summary>
    public const string Conflict = "conflict";

    /// <summary>500: a bug; the detail says no more than that.</summary>
    public const string Internal = "internal";
}
