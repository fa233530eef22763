using Indexer.Configuration;
using Microsoft.Extensions.Options;

namespace Indexer.Hosting;

/// <summary>Runs the service until it is stopped; a start that fails is one line on stderr and an exit code.</summary>
public static class ServiceRun
{
    public const int ConfigurationError = 2;
    public const int StartFailed = 1;

    public static async Task<int> RunAsync(string[] settings)
    {
        try
        {
            await IndexerApp.Create(settings).RunAsync();
            return 0;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"Configuration error: {e.Message}");
            return ConfigurationError;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine($"Configuration error: {string.Join("; ", e.Failures)}");
            return ConfigurationError;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // A setting that is not even of the right type (Fetching:Timeout=abc); the binder's message names it.
            Console.Error.WriteLine($"Configuration error: {e.Message}");
            return ConfigurationError;
        }
        catch (IOException e) when (e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"Indexer stopped: urls (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS): {e.Message}");
            return StartFailed;
        }
        catch (Exception e)
        {
            // An index held by another process, a port in use: one line.
            Console.Error.WriteLine($"Indexer stopped: {e.Message}");
            return StartFailed;
        }
    }
}
