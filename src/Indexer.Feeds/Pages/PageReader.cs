using System.Diagnostics;

namespace Indexer.Feeds.Pages;

/// <summary>One page, fetched and read: the story, or what went wrong, and how long extraction took.</summary>
public sealed class PageReader(PageFetcher fetcher, ArticleExtractor extractor)
{
    public async Task<PageReading> ReadAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(url, cancellationToken).ConfigureAwait(false);
        if (fetched.Html is null)
            return new PageReading(fetched.Outcome, null, fetched.Error, null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var page = extractor.Extract(fetched.Html, fetched.FinalUrl);
            return new PageReading(PageOutcome.Extracted, page, null, Stopwatch.GetElapsedTime(started));
        }
        catch (PageExtractionException e)
        {
            return new PageReading(PageOutcome.NothingExtracted, null, e.Message, Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <param name="Page">The story and its metadata when <paramref name="Outcome"/> is Extracted.</param>
/// <param name="ExtractionTime">How long extraction alone took; null when there was no HTML to extract from.</param>
public sealed record PageReading(PageOutcome Outcome, ExtractedPage? Page, string? Error, TimeSpan? ExtractionTime)
{
    /// <summary>Worth trying again later: the publisher may answer, or finish the page, next time.</summary>
    public bool Retryable => Outcome is PageOutcome.FetchFailed or PageOutcome.NotHtml or PageOutcome.NothingExtracted;
}
