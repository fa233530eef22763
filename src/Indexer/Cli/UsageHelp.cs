using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Indexer.Cli;

/// <summary>
/// The library's help, with its section on "additional arguments" (which is how every command takes
/// settings) told as what those arguments are: settings.
/// </summary>
public sealed class UsageHelp(HelpAction standard) : SynchronousCommandLineAction
{
    private const string AdditionalArgumentsUsage = " [[--] <additional arguments>...]]";
    private const string AdditionalArgumentsSection = "Additional Arguments:";

    private static readonly string SettingsSection = """
        Settings:
          --Section:Key=value      any setting of the service (README, "Configuration"), e.g.
                                   --Storage:DataDirectory=/data --Fetching:Timeout=00:00:30
          --ConfigDirectory=DIR    the config folder (else INDEXER_CONFIG_DIR, else ./config)
        """;

    public override bool ClearsParseErrors => true;

    /// <summary>Puts this help on every command (the help option is recursive from the root).</summary>
    public static void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new UsageHelp((HelpAction)option.Action!);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var text = new StringWriter();
        configuration.Output = text;
        try
        {
            standard.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }
        output.Write(Rewrite(text.ToString(), parseResult.CommandResult.Command));
        return 0;
    }

    /// <summary>
    /// The library lists a command's optional argument as required in its parent's list of commands
    /// ("healthcheck &lt;url&gt;"), though the command's own usage line says "[&lt;url&gt;]"; both say it as the latter.
    /// </summary>
    private static void MarkOptionalArguments(List<string> lines, Command command)
    {
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var argument in subcommand.Arguments.Where(a => a.Arity.MinimumNumberOfValues == 0))
            {
                var required = $"  {subcommand.Name} <{argument.Name}>";
                var at = lines.FindIndex(l => l.StartsWith(required + " ", StringComparison.Ordinal));
                if (at < 0) continue;
                // The two brackets take two of the column's padding spaces, so the descriptions stay aligned.
                var rest = lines[at][required.Length..];
                lines[at] = $"  {subcommand.Name} [<{argument.Name}>]" + (rest.StartsWith("    ", StringComparison.Ordinal) ? rest[2..] : rest);
            }
        }
    }

    private static string Rewrite(string help, Command command)
    {
        var lines = help.ReplaceLineEndings("\n").Split('\n').ToList();
        MarkOptionalArguments(lines, command);
        var usage = lines.IndexOf("Usage:") + 1;
        if (usage > 0 && usage < lines.Count)
            lines[usage] = lines[usage].Replace(AdditionalArgumentsUsage, "") + " [settings]";
        var additional = lines.IndexOf(AdditionalArgumentsSection);
        if (additional >= 0) lines.RemoveRange(additional, lines.Count - additional);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join(Environment.NewLine, [.. lines, "", .. SettingsSection.Split('\n').Select(l => l.TrimEnd('\r')), "", ""]);
    }
}
