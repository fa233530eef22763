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

    public static string Names => string.Join(", ", Verbs.Keys);

    /// <summary>
    /// A first argument that is neither a known verb nor a setting (--key=value, key=value): most likely a typo
    /// such as "reindx", which must not quietly start the service instead.
    /// </summary>
    public static bool IsUnknownVerb(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=') && !Verbs.ContainsKey(args[0]);

    /// <summary>One clear line on stderr and a non-zero exit: what every command does with bad input.</summary>
    public static int Fail(string verb, string message)
    {
        Console.Error.WriteLine($"{verb}: {message}");
        return 1;
    }
}
