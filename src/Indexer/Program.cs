using Indexer.Cli;
using Indexer.Configuration;
using Indexer.Hosting;
using Microsoft.Extensions.Options;

// `Indexer parse <file-or-url>`, `Indexer reindex`, `Indexer healthcheck`; no verb runs the service.
if (Commands.TryFind(args, out var command))
    return await command(args[1..]);

try
{
    await IndexerApp.Create(args).RunAsync();
    return 0;
}
catch (ConfigException e)
{
    Console.Error.WriteLine($"Configuration error: {e.Message}");
    return 2;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"Configuration error: {string.Join("; ", e.Failures)}");
    return 2;
}
catch (InvalidOperationException e)
{
    // Startup problems such as an index held by another process: one line, not a stack trace.
    Console.Error.WriteLine($"Cannot start: {e.Message}");
    return 1;
}
