using Indexer.Configuration;
using Indexer.Feeds.Fetching;
using Indexer.Retention;
using Microsoft.Extensions.Configuration;

namespace Indexer.Tests.Configuration;

/// <summary>A value of the wrong type is told as what the setting takes, never as the .NET type it is bound to.</summary>
public sealed class ConfigurationErrorsTests
{
    private static readonly Dictionary<string, Type> Sections = new()
    {
        ["Storage"] = typeof(StorageOptions), ["Search"] = typeof(SearchOptions), ["Fetching"] = typeof(FetchingOptions),
        ["Indexing"] = typeof(IndexingOptions), ["Retention"] = typeof(RetentionOptions),
    };

    private static string? Refusal(string setting)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine([$"--{setting}"]).Build();
        var section = setting.Split(':')[0];
        var e = Assert.Throws<InvalidOperationException>(() => configuration.GetSection(section).Get(Sections[section]));
        return ConfigurationErrors.Describe(e);
    }

    [Theory]
    [InlineData("Storage:Provider=mysql", "Storage:Provider: \"mysql\" is not allowed; use sqlite or postgres")]
    [InlineData("Search:DefaultOperator=Xor", "Search:DefaultOperator: \"Xor\" is not allowed; use AndThenOr, And or Or")]
    [InlineData("Fetching:Timeout=5s", "Fetching:Timeout: \"5s\" is not a time span; write it as hh:mm:ss (00:05:00 is five minutes), d.hh:mm:ss for days (1.00:00:00)")]
    [InlineData("Retention:MaxAge=180 days", "Retention:MaxAge: \"180 days\" is not a time span; write it as hh:mm:ss")]
    [InlineData("Search:MaxPageSize=abc", "Search:MaxPageSize: \"abc\" is not a whole number")]
    [InlineData("Search:MaxPageSize=2147483648", "Search:MaxPageSize: \"2147483648\" is too large: at most 2147483647")]
    [InlineData("Fetching:MaxResponseBytes=1e6", "Fetching:MaxResponseBytes: \"1e6\" is not a whole number")]
    [InlineData("Indexing:RamBufferMB=lots", "Indexing:RamBufferMB: \"lots\" is not a number (such as 64 or 0.5)")]
    [InlineData("Search:Transliteration=yes", "Search:Transliteration: \"yes\" is not allowed; use true or false")]
    public void A_value_of_the_wrong_type_says_what_the_setting_takes(string setting, string expected)
    {
        var message = Refusal(setting);
        Assert.StartsWith(expected, message);
        Assert.DoesNotContain("System.", message);
        Assert.DoesNotContain("Indexer.", message);
    }

    [Fact]
    public void Other_invalid_operations_are_not_configuration_errors()
    {
        Assert.Null(ConfigurationErrors.Describe(new InvalidOperationException("Sequence contains no elements")));
    }
}
