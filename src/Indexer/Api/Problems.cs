namespace Indexer.Api;

/// <summary>RFC 9457 problem responses (application/problem+json) with a detail a caller can act on.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail, string? parameter = null) =>
        Results.Problem(
            title: "Invalid request",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter });

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    // ASP.NET has a default type link for the RFC 9110 statuses only; 429 is defined by RFC 6585.
    public static IResult TooManyRequests(string detail) =>
        Results.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests,
            type: "https://tools.ietf.org/html/rfc6585#section-4");
}
