using Indexer.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Indexer.Tests.Hosting;

/// <summary>How the service starts, or refuses to, on its store's settings and schema; run as a real process.</summary>
public sealed class StoreStartupTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<ProgramRunner.Result> StartAsync(params (string Key, string Value)[] environment)
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        var variables = new Dictionary<string, string>
        {
            ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"),
            ["Storage__DataDirectory"] = _folder.Combine("data"),
        };
        foreach (var (key, value) in environment) variables[key] = value;
        return ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"], variables);
    }

    [Theory]
    [InlineData("postgres", null, "Storage:ConnectionString is required")]
    [InlineData("postgres", "Hots=db;Database=indexer", "Storage:ConnectionString is not a valid Npgsql connection string")]
    [InlineData("postgres", "Database=indexer", "Storage:ConnectionString names no Host")]
    [InlineData("mysql", null, "Storage:Provider")]
    public async Task A_bad_storage_setting_stops_the_start_with_one_line_naming_it(string provider, string? connectionString, string expected)
    {
        var result = await StartAsync(("Storage__Provider", provider), ("Storage__ConnectionString", connectionString ?? ""));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_store_written_by_a_newer_program_is_refused_with_one_line()
    {
        Directory.CreateDirectory(_folder.Combine("data"));
        await using (var connection = new SqliteConnection($"Data Source={_folder.Combine("data", "articles.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 999;";
            await command.ExecuteNonQueryAsync();
        }
        var result = await StartAsync();
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // The version this program knows grows with each schema step; the sentence around it is the contract.
        Assert.Matches(@"^Indexer stopped: the store's schema is version 999, newer than this program knows \(\d+\); " +
                       "run the newer program, or point Storage at another database$", line);
    }

    [Fact]
    public async Task An_index_held_by_a_running_service_names_the_setting()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var running = await RunningService.StartAsync(_folder.Combine("config"), _folder.Combine("data"));
        var result = await StartAsync();
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Indexer stopped: Storage:DataDirectory: The index at ", line);
        Assert.Contains("locked by another process", line);
    }
}
