using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Hosting;

public sealed class CachingLoggerFactoryTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_service_hands_out_one_logger_per_category_from_serilog()
    {
        // ASP.NET asks for a logger on every response it writes; a new one each time was garbage per request.
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var running = await RunningService.StartAsync(_folder.Combine("config"), _folder.Combine("data"));
        var factory = running.Services.GetRequiredService<ILoggerFactory>();

        var first = factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult");
        Assert.Same(first, factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult"));
        Assert.NotSame(first, factory.CreateLogger("Indexer.Search"));
        // Serilog's own logger underneath: its levels and sinks still apply. (Which levels is not asserted here:
        // Serilog's static logger, which its loggers consult, is shared by every service these tests run at once.)
        Assert.StartsWith("Serilog.", first.GetType().FullName);
    }
}
