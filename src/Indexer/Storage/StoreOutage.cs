using Microsoft.Data.Sqlite;
using Npgsql;

namespace Indexer.Storage;

/// <summary>
/// Tells a store that cannot be reached (PostgreSQL down, restarting, the connection cut; SQLite busy or locked) from
/// a store that answered with an error, and logs an outage once, when it starts and when it ends, however many
/// workers and requests run into it: during a 30 s outage every worker retries every 2 s, and a stack trace per retry
/// buried the one line that mattered. Nothing is lost meanwhile: the work stays queued in the store.
/// </summary>
public sealed class StoreOutage(ILogger<StoreOutage> logger)
{
    private int _down;

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the store is unreachable for now, not that a request was wrong.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection exception (08), operator intervention (57P01 shutdown, 57P03 starting up, 57P05 idle
                // timeout), too many connections: the server, not the statement.
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == "53300";
                // Npgsql's own (not the server's) errors are about the connection: refused, reset, timed out.
                case NpgsqlException:
                    return true;
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return true;
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>True when <paramref name="exception"/> is an outage, logged then if it is the first sign of one; false for any other error, left to the caller.</summary>
    public bool Report(Exception exception)
    {
        if (!IsUnavailable(exception)) return false;
        if (Interlocked.Exchange(ref _down, 1) == 0)
            logger.LogWarning("The store is unavailable: {Reason}; its readers answer 503 and the workers retry until it is back", Reason(exception));
        return true;
    }

    /// <summary>Called after the store answered: ends an outage that was logged.</summary>
    public void Reached()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
            logger.LogInformation("The store is reachable again");
    }

    private static string Reason(Exception exception)
    {
        var reasons = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (!reasons.Contains(e.Message)) reasons.Add(e.Message);
        return string.Join(": ", reasons);
    }
}
