using Bridge.Service.Store;

namespace Bridge.Service.Http;

/// <summary>Turns a store failure anywhere in a request into 503 <c>unavailable</c> (section 3), naming the store.</summary>
internal sealed class StoreFailureMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (StoreUnavailableException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problem.Unavailable($"store: {e.Message}").ToResult().ExecuteAsync(context);
        }
    }
}
