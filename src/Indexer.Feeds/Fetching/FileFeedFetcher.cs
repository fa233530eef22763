namespace Indexer.Feeds.Fetching;

/// <summary>Reads <c>file://</c> feeds (the sample feed in config, the <c>parse</c> command) under the same size cap as HTTP.</summary>
internal static class FileFeedFetcher
{
    public static async Task<FetchResult> FetchAsync(FetchRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var path = request.Url.LocalPath;
        if (!File.Exists(path))
            return FetchResults.Failed(request.Url, $"file not found: {path}");
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, useAsync: true);
            var body = await BoundedBodyReader.ReadAsync(stream, maxBytes, stream.Length, cancellationToken).ConfigureAwait(false);
            return FetchResults.FromBody(body, request, request.Url);
        }
        catch (ResponseTooLargeException)
        {
            return FetchResults.Failed(request.Url, FetchResults.TooLarge("file", maxBytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FetchResults.Failed(request.Url, $"could not read file {path}: {e.Message}");
        }
    }
}
