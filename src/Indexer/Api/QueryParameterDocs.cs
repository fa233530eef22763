using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Indexer.Api;

public enum QueryParameterType { Text, Integer, TextList }

/// <summary>A query-string parameter an endpoint reads itself, described for the OpenAPI document.</summary>
public sealed record QueryParameterDoc(string Name, QueryParameterType Type, string Description);

/// <summary>Endpoint metadata: the query parameters its handler reads from the request.</summary>
public sealed record DocumentedQueryParameters(IReadOnlyList<QueryParameterDoc> Parameters);

/// <summary>
/// Our handlers read the query string themselves, so a repeated or malformed value gets our own problem naming
/// the parameter rather than ASP.NET's binding failure; the price is that OpenAPI cannot see those parameters,
/// so each endpoint lists them and this transformer writes them into its operation.
/// </summary>
public sealed class QueryParameterDocsTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var documented in context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedQueryParameters>())
        {
            operation.Parameters ??= [];
            foreach (var parameter in documented.Parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = parameter.Description,
                    Schema = Schema(parameter.Type),
                    Style = ParameterStyle.Form,
                    Explode = parameter.Type == QueryParameterType.TextList,
                });
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Schema(QueryParameterType type) => type switch
    {
        QueryParameterType.Integer => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        QueryParameterType.TextList => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        _ => new OpenApiSchema { Type = JsonSchemaType.String },
    };
}

public static class QueryParameterDocsExtensions
{
    /// <summary>
    /// Documents the endpoint's query parameters and allows only those: a misspelt one ("qq=", "sise=") would
    /// otherwise be ignored, and the caller would get an answer to a question they did not ask. The list is the
    /// one place both come from, so a parameter added to it is documented and allowed at once.
    /// </summary>
    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder builder, params QueryParameterDoc[] parameters)
        where TBuilder : IEndpointConventionBuilder
    {
        var known = parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return builder.WithMetadata(new DocumentedQueryParameters(parameters)).AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(k => !known.Contains(k)).ToList();
            if (unknown.Count == 0) return await next(context);
            var names = string.Join(", ", unknown.Select(k => $"\"{k}\""));
            return Problems.BadRequest(
                $"{unknown[0]}: unknown parameter{(unknown.Count > 1 ? "s" : "")} {names}; the parameters are {string.Join(", ", parameters.Select(p => p.Name))}",
                unknown[0]);
        });
    }
}
