using Indexer.Feeds.Fetching;

namespace Indexer.Feeds.Tests.Fetching;

public class FetchingOptionsValidatorTests
{
    private static IEnumerable<string> Failures(Action<FetchingOptions> change)
    {
        var options = new FetchingOptions();
        change(options);
        return new FetchingOptionsValidator().Validate(null, options).Failures ?? [];
    }

    [Fact]
    public void Defaults_are_valid_and_as_documented()
    {
        var options = new FetchingOptions();

        Assert.True(new FetchingOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal(15 * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(4, options.MaxConcurrentFetches);
        Assert.Equal(2, options.MaxConcurrentFetchesPerHost);
        Assert.True(options.AllowPrivateNetworks);
    }

    [Theory]
    [InlineData("Timeout", "Fetching:Timeout must be at least 00:00:01")]
    [InlineData("LongTimeout", "Fetching:Timeout must be at most 00:10:00")]
    [InlineData("MaxResponseBytes", "Fetching:MaxResponseBytes must be between 1024 and 1073741824")]
    [InlineData("UserAgent", "Fetching:UserAgent must be a valid User-Agent header value, such as \"Name/1.0 (+https://example.org)\"")]
    [InlineData("MaxConcurrentFetches", "Fetching:MaxConcurrentFetches must be at least 1")]
    [InlineData("MaxConcurrentFetchesPerHost", "Fetching:MaxConcurrentFetchesPerHost must be at least 1")]
    [InlineData("PerHostAboveGlobal", "Fetching:MaxConcurrentFetchesPerHost must not exceed Fetching:MaxConcurrentFetches")]
    public void Each_bad_setting_is_named(string setting, string expected)
    {
        Action<FetchingOptions> change = setting switch
        {
            "Timeout" => o => o.Timeout = TimeSpan.FromMilliseconds(500),
            "LongTimeout" => o => o.Timeout = TimeSpan.FromHours(1),
            "MaxResponseBytes" => o => o.MaxResponseBytes = 10,
            "UserAgent" => o => o.UserAgent = "bad\nagent",
            "MaxConcurrentFetches" => o => (o.MaxConcurrentFetches, o.MaxConcurrentFetchesPerHost) = (0, 0),
            "MaxConcurrentFetchesPerHost" => o => o.MaxConcurrentFetchesPerHost = 0,
            _ => o => o.MaxConcurrentFetchesPerHost = 5,
        };

        Assert.Contains(expected, Failures(change));
    }
}
