namespace Indexer.Configuration;

/// <summary>Configuration the service cannot start with. The message names the file, the feed and the field.</summary>
public sealed class ConfigException(string message) : Exception(message);
