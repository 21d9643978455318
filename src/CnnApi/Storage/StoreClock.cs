using Microsoft.EntityFrameworkCore;

namespace CnnApi.Storage;

/// <summary>
/// The time leases, heartbeats and timestamps are measured in: the database server's clock, so that nodes
/// whose own clocks drift apart still agree on when a lease ran out. (A SQLite file is only shared by
/// processes of one machine, whose clock it then is.) Tests substitute a controllable clock.
/// </summary>
public class StoreClock
{
    public virtual async Task<DateTime> NowAsync(CnnApiDb db, CancellationToken ct)
    {
        if (!db.IsPostgres) return DateTime.UtcNow;
        var now = await db.Database.SqlQueryRaw<DateTime>("SELECT clock_timestamp() AS \"Value\"").SingleAsync(ct);
        return DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }
}
