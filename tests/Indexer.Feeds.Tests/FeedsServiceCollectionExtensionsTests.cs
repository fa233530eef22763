using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Indexer.Feeds.Tests;

public class FeedsServiceCollectionExtensionsTests
{
    private static IConfigurationRoot Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Registers_singletons_and_binds_the_fetching_section()
    {
        var services = new ServiceCollection().AddFeedFetching(Config(("Fetching:Timeout", "00:00:07"), ("Fetching:UserAgent", "Probe/1.0")));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<FeedFetcher>(provider.GetRequiredService<IFeedFetcher>());
        Assert.Same(provider.GetRequiredService<IFeedFetcher>(), provider.GetRequiredService<IFeedFetcher>());
        Assert.IsType<FeedParser>(provider.GetRequiredService<IFeedParser>());
        var options = provider.GetRequiredService<IOptions<FetchingOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal("Probe/1.0", options.UserAgent);
    }

    [Fact]
    public void Accepts_the_section_itself()
    {
        var config = Config(("Fetching:MaxConcurrentFetches", "9"));
        using var provider = new ServiceCollection().AddFeedFetching(config.GetSection("Fetching")).BuildServiceProvider();

        Assert.Equal(9, provider.GetRequiredService<IOptions<FetchingOptions>>().Value.MaxConcurrentFetches);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_naming_the_field()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFeedFetching(Config(("Fetching:Timeout", "00:00:00.100")));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Fetching:Timeout must be at least 00:00:01", error.Message);
    }
}
