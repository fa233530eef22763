using Indexer.Cli;
using Indexer.Configuration;
using Indexer.Hosting;
using Microsoft.Extensions.Options;

// `Indexer parse <file-or-url>`, `Indexer reindex`, `Indexer healthcheck`; no verb runs the service.
if (Commands.TryFind(args, out var command))
    return await command(args[1..]);
if (Commands.IsUnknownVerb(args))
{
    Commands.Fail(args[0], $"unknown command; the commands are {Commands.Names} (or none, to run the service)");
    return 2;
}

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
catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A setting that is not even of the right type (Fetching:Timeout=abc); the binder's message names it.
    Console.Error.WriteLine($"Configuration error: {e.Message}");
    return 2;
}
catch (Exception e)
{
    // An index held by another process, a data folder that cannot be written, a port in use: one line.
    Console.Error.WriteLine($"Indexer stopped: {e.Message}");
    return 1;
}
