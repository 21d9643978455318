using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CnnApi.Storage;

/// <summary>
/// Recognises a store that is briefly unavailable rather than broken: SQLite busy or locked (another connection holds
/// the write lock past the busy timeout), a PostgreSQL server that is down, restarting or refusing connections, or a
/// command that timed out. Requests that meet one get 503 with <c>Retry-After</c> (<see cref="Errors.ProblemExceptionHandler"/>).
/// </summary>
public static class StoreUnavailable
{
    private const int SqliteBusy = 5, SqliteLocked = 6;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal)   // connection exception
                    || state.StartsWith("57P", StringComparison.Ordinal)                                               // shutting down, cannot connect now
                    || state == "53300":                                                                                // too many connections
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case NpgsqlException { IsTransient: true } and not PostgresException:
                case TimeoutException when exception is DbException || HasDbException(exception):
                    return true;
            }
        }
        return false;
    }

    private static bool HasDbException(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is DbException) return true;
        return false;
    }
}
