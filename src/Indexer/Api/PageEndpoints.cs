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
        foreach (var file in files[1..])
            app.MapGet(file.Route, (HttpContext context) => file.Write(context)).ExcludeFromDescription();
        app.MapGet(files[0].Route, (HttpContext context) => files[0].WithFeedLink(context.Request.Query).Write(context)).ExcludeFromDescription();
    }

    /// <summary>The parameters of a search that carry over to its feed; sort and page describe the page, not the feed.</summary>
    private static readonly string[] FeedParameters = ["q", "feed", "from", "to", "language"];

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

        /// <summary>
        /// For a search URL, the page with a &lt;link rel="alternate"&gt; to the search's Atom feed in its head, so that
        /// a feed reader given the page's address finds the feed without running the page's script.
        /// </summary>
        public PageFile WithFeedLink(IQueryCollection query)
        {
            var parameters = FeedParameters
                .SelectMany(name => query[name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => $"{name}={Uri.EscapeDataString(v!.Trim())}"))
                .ToList();
            if (parameters.Count == 0) return this;
            var href = System.Net.WebUtility.HtmlEncode("/search.atom?" + string.Join('&', parameters));
            var html = System.Text.Encoding.UTF8.GetString(Bytes).Replace("</head>",
                $"  <link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"{href}\">\n</head>", StringComparison.Ordinal);
            var bytes = System.Text.Encoding.UTF8.GetBytes(html);
            return this with { Bytes = bytes, ETag = $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"" };
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
