using System.Diagnostics.CodeAnalysis;

namespace Indexer.Cli;

/// <summary>The command-line verbs of the program; without one, the program runs the service.</summary>
public static class Commands
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Verbs = new(StringComparer.Ordinal)
    {
        ["parse"] = ParseCommand.RunAsync,
        ["reindex"] = ReindexCommand.RunAsync,
        ["healthcheck"] = HealthCheckCommand.RunAsync,
    };

    public static bool TryFind(string[] args, [NotNullWhen(true)] out Func<string[], Task<int>>? command)
    {
        command = null;
        return args.Length > 0 && Verbs.TryGetValue(args[0], out command);
    }

    /// <summary>One clear line on stderr and a non-zero exit: what every command does with bad input.</summary>
    public static int Fail(string verb, string message)
    {
        Console.Error.WriteLine($"{verb}: {message}");
        return 1;
    }
}
