namespace Indexer.Search;

/// <summary>The request cannot be answered as asked; the message tells the caller what to change (a 400).</summary>
public sealed class SearchQueryException(string message, string? parameter = null) : Exception(message)
{
    public string? Parameter { get; } = parameter;
}
