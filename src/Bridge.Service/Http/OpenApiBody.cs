using Microsoft.OpenApi;

namespace Bridge.Service.Http;

/// <summary>
/// Describes a JSON request body in the OpenAPI document without <c>Accepts</c> metadata, which would let routing
/// answer a wrong media type with its own 415 before the protocol's order (413 first) and problem details apply.
/// </summary>
internal static class OpenApiBody
{
    public static RouteHandlerBuilder DescribesJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
