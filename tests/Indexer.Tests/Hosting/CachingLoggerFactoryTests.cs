using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Hosting;

public sealed class CachingLoggerFactoryTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_service_hands_out_one_logger_per_category_and_it_still_writes_through_serilog()
    {
        // ASP.NET asks for a logger on every response it writes; a new one each time was garbage per request.
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var running = await RunningService.StartAsync(_folder.Combine("config"), _folder.Combine("data"));
        var factory = running.Services.GetRequiredService<ILoggerFactory>();

        var first = factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult");
        Assert.Same(first, factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult"));
        Assert.NotSame(first, factory.CreateLogger("Indexer.Search"));
        Assert.StartsWith("Serilog.", first.GetType().FullName);
        // The service runs these tests at Warning: the levels still come from Serilog's configuration.
        Assert.False(first.IsEnabled(LogLevel.Information));
        Assert.True(first.IsEnabled(LogLevel.Warning));
    }
}
