namespace Indexer.Feeds.Parsing;

/// <summary>The bytes are not a feed we can read; the message is meant for an operator.</summary>
public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);
