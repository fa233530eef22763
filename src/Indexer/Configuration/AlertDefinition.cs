namespace Indexer.Configuration;

/// <summary>One saved search as the operator configured it in alerts.json, already validated, its secret resolved.</summary>
public sealed record AlertDefinition
{
    public required string Id { get; init; }
    /// <summary>The search syntax of /search; empty means every article the filters let through.</summary>
    public string Query { get; init; } = "";
    public IReadOnlyList<string> Feeds { get; init; } = [];
    public string? Language { get; init; }
    /// <summary>Inclusive bounds on the article's published date, as /search's from and to.</summary>
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public required Uri Webhook { get; init; }
    /// <summary>The HMAC key deliveries are signed with: from the file, or from the environment variable it names.</summary>
    public required string Secret { get; init; }
    /// <summary>The environment variable the secret came from, or null when the file holds it.</summary>
    public string? SecretEnv { get; init; }
    public bool Enabled { get; init; } = true;

    public bool HasFilters => Feeds.Count > 0 || Language is not null || From is not null || To is not null;
}
