using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Indexer.Configuration;

/// <summary>
/// Checks the names of the settings given against the options the service binds. The configuration system drops a
/// key that no option binds without a word, so "--Search:MaxPageSzie=9" started the service on the default page
/// size and the operator never learned why. A key under a section the service owns that binds to nothing is a
/// configuration error naming it and the closest real setting; an unknown section is only a warning, because the
/// host, its libraries and the operator's own tools keep sections of their own beside ours.
/// </summary>
/// <param name="sections">The service's sections, each with the options class bound from it.</param>
/// <param name="topLevelKeys">Other top-level names that are read (ours, such as ConfigDirectory, and the libraries').</param>
public sealed class SettingNames(IReadOnlyDictionary<string, Type> sections, IEnumerable<string> topLevelKeys)
{
    private readonly Dictionary<string, string[]> _settings = sections.ToDictionary(
        s => s.Key, s => Bindable(s.Value).Select(p => p.Name).ToArray(), StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _collections = sections
        .SelectMany(s => Bindable(s.Value).Where(IsCollection).Select(p => $"{s.Key}:{p.Name}"))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _topLevel = new(topLevelKeys, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Checks every key of the appsettings files, the environment and the command line (other sources are the
    /// host's own). Returns the warnings, one line each.
    /// </summary>
    /// <exception cref="ConfigException">A key under one of the service's sections is no setting; every such key is named.</exception>
    public IReadOnlyList<string> Check(IConfigurationRoot configuration)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var provider in configuration.Providers)
        {
            if (Source.Of(provider) is not { } source) continue;
            foreach (var key in Keys(provider, parent: null))
            {
                var words = key.Split(':');
                if (_settings.ContainsKey(words[0]))
                {
                    if (words.Length > 1 && !Binds(words))
                        errors.Add($"{source.Name}: {source.Spell(key)} is not a setting{DidYouMean(source, SettingLike(words))}");
                }
                else if (!_topLevel.Contains(words[0]) && SectionLike(words[0]) is var closest
                    // The environment holds everything the machine has (PATH, HOME, ...): only a near miss is ours.
                    && (!source.IsEnvironment || closest is not null && words.Length > 1))
                {
                    warnings.Add($"{source.Name}: {source.Spell(words[0])} is not a section the service reads, so it is ignored{DidYouMean(source, closest)}");
                }
            }
        }
        if (errors.Count > 0) throw new ConfigException(string.Join("; ", errors.Distinct()));
        return [.. warnings.Distinct()];
    }

    private bool Binds(string[] words)
    {
        if (!_settings[words[0]].Contains(words[1], StringComparer.OrdinalIgnoreCase)) return false;
        // Below a setting only a list has entries (Http:KnownProxies:0); under a plain value the binder looks at none.
        return words.Length == 2 || _collections.Contains($"{words[0]}:{words[1]}");
    }

    /// <summary>The real setting a misspelt one most likely meant: in its own section, else the same name in another.</summary>
    private string? SettingLike(string[] words)
    {
        var section = _settings.Keys.First(s => s.Equals(words[0], StringComparison.OrdinalIgnoreCase));
        if (Closest(words[1], _settings[section]) is { } setting) return $"{section}:{setting}";
        return _settings.SelectMany(s => s.Value.Select(name => $"{s.Key}:{name}"))
            .FirstOrDefault(k => k.EndsWith(":" + words[1], StringComparison.OrdinalIgnoreCase));
    }

    private string? SectionLike(string name) => Closest(name, [.. _settings.Keys, .. _topLevel]);

    private static string DidYouMean(Source source, string? key) => key is null ? "" : $"; did you mean {source.Spell(key)}?";

    /// <summary>
    /// The candidate fewest edits away (a swap of two letters counts as one), when that is few for the name's
    /// length; or one the name begins (Index for Indexing).
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var allowed = name.Length <= 4 ? 1 : name.Length <= 8 ? 2 : 3;
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance > 0)
            .MinBy(c => c.Distance);
        if (best.Candidate is not null && best.Distance <= allowed) return best.Candidate;
        return name.Length >= 4
            ? candidates.FirstOrDefault(c => c.Length > name.Length && c.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>What the configuration binder fills: public instance properties it can set.</summary>
    private static IEnumerable<PropertyInfo> Bindable(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static bool IsCollection(PropertyInfo property) =>
        property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);

    /// <summary>Every key a provider holds, as written there.</summary>
    private static IEnumerable<string> Keys(IConfigurationProvider provider, string? parent)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = parent is null ? child : $"{parent}:{child}";
            if (provider.TryGet(path, out _)) yield return path;
            foreach (var below in Keys(provider, path)) yield return below;
        }
    }

    /// <summary>Where a key was written, and how to write a key there (Search__MaxPageSize in the environment).</summary>
    private sealed record Source(string Name, bool IsEnvironment)
    {
        public static Source? Of(IConfigurationProvider provider) => provider switch
        {
            FileConfigurationProvider file =>
                new(file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path ?? "settings file", false),
            EnvironmentVariablesConfigurationProvider => new("environment", true),
            CommandLineConfigurationProvider => new("command line", false),
            _ => null,
        };

        public string Spell(string key) => IsEnvironment ? key.Replace(":", "__", StringComparison.Ordinal) : key;
    }
}
