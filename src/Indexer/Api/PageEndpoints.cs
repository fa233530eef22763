using System.Security.Cryptography;

namespace Indexer.Api;

/// <summary>
/// The search page: wwwroot's files, embedded in the assembly so the page is there however the service is started
/// (dotnet run, the test host, a published folder) without depending on a content root or static-file middleware.
/// </summary>
public static class PageEndpoints
{
    // default-src 'self' keeps the page to this service: no inline script, no CDN, no third-party fonts.
    private const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public static void MapSearchPage(this IEndpointRouteBuilder app)
    {
        // Read once, at startup, so a build that lost a file fails to start instead of serving a broken page.
        PageFile[] files =
        [
            PageFile.Load("/", "index.html", "text/html; charset=utf-8"),
            PageFile.Load("/app.js", "app.js", "text/javascript; charset=utf-8"),
            PageFile.Load("/app.css", "app.css", "text/css; charset=utf-8"),
            PageFile.Load("/favicon.svg", "favicon.svg", "image/svg+xml; charset=utf-8"),
        ];
        foreach (var file in files)
            app.MapGet(file.Route, (HttpContext context) => file.Write(context)).ExcludeFromDescription();
    }

    private sealed record PageFile(string Route, string ContentType, byte[] Bytes, string ETag)
    {
        public static PageFile Load(string route, string name, string contentType)
        {
            var resource = "wwwroot/" + name;
            using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"the search page file {resource} is not embedded; see Indexer.csproj");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            return new PageFile(route, contentType, bytes, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
        }

        public IResult Write(HttpContext context)
        {
            var headers = context.Response.Headers;
            // no-cache, not no-store: browsers revalidate with the ETag, so a new build is seen at once and an
            // unchanged one costs a 304.
            headers.CacheControl = "no-cache";
            headers.ETag = ETag;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            if (context.Request.Headers.IfNoneMatch.Contains(ETag))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(Bytes, ContentType);
        }
    }
}
