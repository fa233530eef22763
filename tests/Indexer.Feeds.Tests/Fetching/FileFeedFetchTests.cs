using Indexer.Feeds.Fetching;
using Microsoft.Extensions.Options;

namespace Indexer.Feeds.Tests.Fetching;

public sealed class FileFeedFetchTests : IDisposable
{
    private readonly HttpClient _client = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("feeds-file-").FullName;

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private FeedFetcher Fetcher(long maxBytes = 64 * 1024) =>
        new(_client, Options.Create(new FetchingOptions { MaxResponseBytes = maxBytes }));

    [Fact]
    public async Task Local_file_is_read_and_hashed()
    {
        var url = new Uri(Fixtures.PathOf("gujarati-rss2.xml"));

        var result = await Fetcher().FetchAsync(new FetchRequest(url), CancellationToken.None);

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(Fixtures.Bytes("gujarati-rss2.xml"), result.Body);
        Assert.Equal(url, result.FinalUrl);
        Assert.Null(result.HttpStatus);
        Assert.Equal(64, result.BodyHash!.Length);
    }

    [Fact]
    public async Task Same_file_twice_is_unchanged()
    {
        var url = new Uri(Fixtures.PathOf("atom1.xml"));
        var fetcher = Fetcher();
        var first = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);

        var second = await fetcher.FetchAsync(new FetchRequest(url, LastBodyHash: first.BodyHash), CancellationToken.None);

        Assert.Equal(FetchStatus.Unchanged, second.Status);
        Assert.Null(second.Body);
    }

    [Fact]
    public async Task Missing_file_is_a_failure_naming_the_path()
    {
        var path = Path.Combine(_directory, "absent.xml");

        var result = await Fetcher().FetchAsync(new FetchRequest(new Uri(path)), CancellationToken.None);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal($"file not found: {path}", result.Error);
    }

    [Fact]
    public async Task File_over_the_cap_is_refused()
    {
        var path = Path.Combine(_directory, "big.xml");
        await File.WriteAllBytesAsync(path, new byte[3000]);

        var result = await Fetcher(maxBytes: 2048).FetchAsync(new FetchRequest(new Uri(path)), CancellationToken.None);

        Assert.Equal("file larger than 2 KB limit", result.Error);
    }
}
