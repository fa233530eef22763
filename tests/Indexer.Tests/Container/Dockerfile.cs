using System.Text;
using System.Text.Json;

namespace Indexer.Tests.Container;

/// <summary>One instruction, with its continuation lines joined; <see cref="Line"/> is where it starts.</summary>
public sealed record DockerInstruction(int Line, string Keyword, string Arguments)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";

    /// <summary>The JSON-array ("exec") form's items, or null when the arguments are in shell form.</summary>
    public string[]? ExecForm() => Dockerfile.ExecForm(Arguments);
}

/// <summary>A FROM and the instructions up to the next FROM.</summary>
public sealed record DockerStage(int Index, string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => i.Keyword.Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>The last instruction of a kind, which is the one Docker keeps (ENTRYPOINT, HEALTHCHECK, USER...).</summary>
    public DockerInstruction? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>ENV values as Docker would set them after the whole stage, later ones winning.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in All("ENV"))
            foreach (var (key, value) in Dockerfile.EnvPairs(instruction))
                env[key] = value;
        return env;
    }

    public IEnumerable<DockerCopy> Copies() => All("COPY").Select(DockerCopy.Parse);

    /// <summary>The working folder an instruction runs in (WORKDIR before it, relative ones joined; "/" if none).</summary>
    public string WorkdirAt(DockerInstruction instruction)
    {
        var dir = "/";
        foreach (var i in Instructions.TakeWhile(i => i != instruction).Where(i => i.Keyword == "WORKDIR"))
            dir = Dockerfile.Resolve(dir, i.Arguments.Trim());
        return dir;
    }
}

/// <summary>COPY [--from=stage] [--chown=...] src... dest, in shell or exec form.</summary>
public sealed record DockerCopy(DockerInstruction Instruction, string? From, IReadOnlyList<string> Sources, string Destination)
{
    public static DockerCopy Parse(DockerInstruction instruction)
    {
        var words = Dockerfile.Words(instruction.Arguments);
        var flags = words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var rest = string.Join(' ', words.Skip(flags.Count));
        var paths = Dockerfile.ExecForm(rest) ?? Dockerfile.Words(rest).ToArray();
        Assert.True(paths.Length >= 2, $"COPY needs a source and a destination ({instruction})");
        var from = flags.FirstOrDefault(f => f.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
        return new DockerCopy(instruction, from, paths[..^1], paths[^1]);
    }

    /// <summary>The destination in the image; a folder when it ends in "/" or several sources go there.</summary>
    public string DestinationFor(string workdir) => Dockerfile.Resolve(workdir, Destination);

    public bool IntoFolder => Destination.EndsWith('/') || Sources.Count > 1;

    /// <summary>Where a source file lands in the image.</summary>
    public string FileTarget(string source, string workdir) =>
        IntoFolder ? Dockerfile.Resolve(DestinationFor(workdir), Path.GetFileName(source)) : DestinationFor(workdir);
}

/// <summary>
/// A small Dockerfile reader, enough for what <see cref="DockerfileTests"/> checks: comments, line continuations
/// (the default backslash escape), instructions and build stages. No Docker engine runs on our machines.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions, IReadOnlyList<DockerStage> stages)
    {
        Instructions = instructions;
        Stages = stages;
    }

    public IReadOnlyList<DockerInstruction> Instructions { get; }
    public IReadOnlyList<DockerStage> Stages { get; }
    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string nameOrIndex) =>
        Stages.FirstOrDefault(s => string.Equals(s.Name, nameOrIndex, StringComparison.OrdinalIgnoreCase))
        ?? (int.TryParse(nameOrIndex, out var n) && n < Stages.Count ? Stages[n] : null)
        ?? throw new Xunit.Sdk.XunitException($"no build stage named {nameOrIndex}");

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var current = new StringBuilder();
        var start = 0;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var trimmed = line.TrimStart();
            // Comment lines are dropped even inside a continuation, as Docker does; so are blank ones.
            if (trimmed.StartsWith('#') || (trimmed.Length == 0 && current.Length == 0))
                continue;
            if (current.Length == 0) start = n + 1;
            var continues = line.TrimEnd().EndsWith('\\');
            current.Append(continues ? line.TrimEnd()[..^1] : line).Append(' ');
            if (continues && n < lines.Length - 1) continue;
            var joined = current.ToString().Trim();
            current.Clear();
            if (joined.Length == 0) continue;
            var space = joined.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? joined : joined[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : joined[(space + 1)..].Trim();
            instructions.Add(new DockerInstruction(start, keyword, arguments));
        }

        var stages = new List<DockerStage>();
        foreach (var (instruction, index) in instructions.Select((i, k) => (i, k)).Where(p => p.i.Keyword == "FROM"))
        {
            var words = Words(instruction.Arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            var name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
            var body = instructions.Skip(index + 1).TakeWhile(i => i.Keyword != "FROM").ToList();
            stages.Add(new DockerStage(stages.Count, words[0], name, body));
        }
        return new Dockerfile(instructions, stages);
    }

    public static string[]? ExecForm(string arguments)
    {
        var trimmed = arguments.Trim();
        if (!trimmed.StartsWith('[')) return null;
        try
        {
            return JsonSerializer.Deserialize<string[]>(trimmed);
        }
        catch (JsonException)
        {
            return null; // Docker, too, runs a malformed array as a shell command
        }
    }

    /// <summary>Splits on blanks, honouring double and single quotes (which are removed).</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else word.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; any = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0 || any) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else word.Append(c);
        }
        Assert.True(quote is null, $"unclosed quote in: {text}");
        if (word.Length > 0 || any) words.Add(word.ToString());
        return words;
    }

    /// <summary>ENV key=value [key=value...] or the old ENV key value; a malformed one fails the test.</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvPairs(DockerInstruction instruction)
    {
        var words = Words(instruction.Arguments);
        Assert.True(words.Count > 0, $"ENV without a variable ({instruction})");
        if (!words[0].Contains('='))
        {
            var space = instruction.Arguments.IndexOfAny([' ', '\t']);
            Assert.True(space > 0, $"ENV {words[0]} has no value ({instruction})");
            return [new(words[0], instruction.Arguments[space..].Trim())];
        }
        return words.Select(w =>
        {
            var eq = w.IndexOf('=');
            Assert.True(eq > 0, $"ENV item \"{w}\" is not key=value ({instruction})");
            return new KeyValuePair<string, string>(w[..eq], w[(eq + 1)..]);
        }).ToList();
    }

    /// <summary>A path inside the image, against a working folder; always absolute, with "/" separators.</summary>
    public static string Resolve(string workdir, string path)
    {
        var combined = path.StartsWith('/') ? path : workdir.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in combined.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}
