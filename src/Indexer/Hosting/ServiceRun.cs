using Indexer.Configuration;

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
        catch (Exception e) when (ConfigurationErrors.Describe(e) is { } message)
        {
            Console.Error.WriteLine($"Configuration error: {message}");
            return ConfigurationError;
        }
        catch (IOException e) when (e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"Indexer stopped: {ListenUrls.Setting}: {e.Message}");
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
