using Indexer.Configuration;
using Indexer.Search;
using Microsoft.Extensions.Options;

namespace Indexer.Api;

public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search", (HttpRequest request, ArticleSearcher searcher, IOptions<SearchOptions> options) =>
        {
            try
            {
                return Results.Ok(searcher.Search(SearchRequestReader.Read(request.Query, options.Value)));
            }
            catch (SearchQueryException e)
            {
                return Problems.BadRequest(e.Message, e.Parameter);
            }
        });
    }
}
