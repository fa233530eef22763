using System.CommandLine;
using System.CommandLine.Parsing;
using Indexer.Configuration;
using Indexer.Hosting;

namespace Indexer.Cli;

/// <summary>
/// The program's command line: without a command it runs the service; each command is a verb with its own
/// --help. Usage mistakes (an unknown option, an extra argument, a missing one) exit 2 naming what was wrong;
/// --help, -h and --version print and exit 0 without starting anything.
/// </summary>
public static class IndexerCommandLine
{
    public const int CouldNotDoItsJob = 1;
    public const int UsageError = 2;
    /// <summary>The same code as a usage mistake, as the README promises and the service uses.</summary>
    public const int ConfigurationError = ServiceRun.ConfigurationError;
    public const string ProgramName = "Indexer";

    /// <summary>Every verb: adding one is a file with its <c>Create(settings)</c> and a line here.</summary>
    private static IEnumerable<Command> Verbs(string[] settings) =>
    [
        ParseCommand.Create(settings),
        ExtractCommand.Create(settings),
        ReindexCommand.Create(settings),
        HealthCheckCommand.Create(settings),
        TestAlertCommand.Create(settings),
        ImportOpmlCommand.Create(settings),
        DiscoverCommand.Create(settings),
    ];

    /// <summary>The verbs' names, to find the command on a line before the parser sees it.</summary>
    private static readonly string[] CommandNames = [.. Verbs([]).Select(c => c.Name)];

    /// <param name="runService">What no command does: run the service with these arguments as its settings.</param>
    public static Task<int> InvokeAsync(string[] args, Func<string[], Task<int>> runService, TextWriter? output = null, TextWriter? error = null)
    {
        // A command's settings may stand anywhere, before the command or even before its file argument; they are
        // taken out first so that the parser sees only the command's own words, and refuses any it does not know.
        if (CommandLineSettings.ValueMissingBeforeCommand(args, CommandNames) is { } missing)
        {
            (error ?? Console.Error).WriteLine($"{ProgramName}: {missing} (see {ProgramName} --help)");
            return Task.FromResult(UsageError);
        }
        var (settings, rest) = CommandLineSettings.SplitAtCommand(args, CommandNames) ?? ([], args);
        var root = Create(runService, settings);

        // "@file" would read arguments from a file, and a setting's value may well start with "@".
        var parsed = root.Parse(rest, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // ProcessTerminationTimeout null: the service's host handles SIGTERM and Ctrl+C itself and stops within its
        // shutdown timeout (pages in flight are stored, the index commits). System.CommandLine's default returned
        // from Main 2 s after the signal and so cut that stop short; the verbs take no cancellation either way.
        // The library's own exception handler would print a stack trace and exit 1; RunAsync answers instead.
        var invocation = new InvocationConfiguration
        {
            Output = output ?? Console.Out, Error = error ?? Console.Error, ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        if (parsed.Action is { ClearsParseErrors: true }) return parsed.InvokeAsync(invocation);

        var command = parsed.CommandResult.Command;
        var errors = command is RootCommand ? [] : CommandMistakes(parsed, settings);
        if (errors.Count == 0)
            errors = parsed.Errors.Select(e => e.Message.TrimEnd('.')).ToList();
        if (errors.Count == 0) return RunAsync(parsed, invocation, settings);
        var name = command is RootCommand ? ProgramName : command.Name;
        invocation.Error.WriteLine($"{name}: {string.Join("; ", errors)} (see {Usage(command)} --help)");
        return Task.FromResult(UsageError);
    }

    /// <summary>
    /// What is wrong with a command's words, naming the user's mistake rather than its consequence: the parser
    /// takes a misspelt option before the argument ("parse --bogus f.xml") as the argument, and then blames the
    /// good argument as one too many. The root lets unknown words through for the service to check.
    /// </summary>
    private static List<string> CommandMistakes(ParseResult parsed, string[] settings)
    {
        var mistakes = new List<string>();
        if (CommandLineSettings.FindMistake(settings) is { } setting) mistakes.Add(setting);
        Token? previous = null;
        foreach (var token in parsed.Tokens)
        {
            // An option's own value may start with '-'; a bare word that does is an option nobody declared.
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value.StartsWith('-')
                && previous?.Type != TokenType.Option)
                mistakes.Add($"unknown option {token.Value}");
            previous = token;
        }
        if (mistakes.Count > 0) return mistakes;
        return parsed.UnmatchedTokens.Select(t => t.StartsWith('-') ? $"unknown option {t}" : $"unexpected argument \"{t}\"").ToList();
    }

    private static RootCommand Create(Func<string[], Task<int>> runService, string[] settings)
    {
        var root = new RootCommand(
            """
            Gujarati news indexer. Without a command, runs the service: fetches the feeds in feeds.json, stores
            and indexes their articles, and answers searches over HTTP (--urls=http://0.0.0.0:8080 to choose where).
            """)
        {
            // The service's settings are any keys the host reads; they are checked below instead.
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var verb in Verbs(settings)) root.Subcommands.Add(verb);
        UsageHelp.Install(root);
        root.SetAction(parsed =>
        {
            var tokens = parsed.UnmatchedTokens;
            var error = parsed.InvocationConfiguration.Error;
            if (CommandLineSettings.IsUnknownCommand(tokens))
            {
                error.WriteLine($"{tokens[0]}: unknown command; the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))} (or none, to run the service; see {ProgramName} --help)");
                return Task.FromResult(UsageError);
            }
            if (CommandLineSettings.FindMistake(tokens) is { } mistake)
            {
                error.WriteLine($"{ProgramName}: {mistake} (see {ProgramName} --help)");
                return Task.FromResult(UsageError);
            }
            return runService([.. tokens]);
        });
        return root;
    }

    /// <summary>
    /// Runs what the line asks for. Every command reads the service's settings, and a bad one (misspelt, mistyped,
    /// out of range, a broken alerts.json) is one line naming it and exit 2, as when the service starts; the service
    /// answers its own (Hosting/ServiceRun). Anything else that escapes a command is a bug: shown whole, exit 1.
    /// </summary>
    private static async Task<int> RunAsync(ParseResult parsed, InvocationConfiguration invocation, string[] settings)
    {
        try
        {
            // The service checks its own settings as it starts (Hosting/IndexerApp).
            if (parsed.CommandResult.Command is not RootCommand)
            {
                foreach (var warning in CommandConfiguration.CheckNames(settings))
                    invocation.Error.WriteLine($"{parsed.CommandResult.Command.Name}: warning: {warning}");
            }
            return await parsed.InvokeAsync(invocation);
        }
        catch (Exception e) when (ConfigurationErrors.Describe(e) is { } message)
        {
            invocation.Error.WriteLine($"{parsed.CommandResult.Command.Name}: configuration error: {message}");
            return ConfigurationError;
        }
        catch (Exception e)
        {
            invocation.Error.WriteLine($"{parsed.CommandResult.Command.Name}: {e}");
            return CouldNotDoItsJob;
        }
    }

    /// <summary>One clear line on stderr and exit code 1: what every command does with input it cannot use.</summary>
    public static int Fail(string verb, string message)
    {
        Console.Error.WriteLine($"{verb}: {message}");
        return CouldNotDoItsJob;
    }

    private static string Usage(Command command) => command is RootCommand ? ProgramName : $"{ProgramName} {command.Name}";
}
