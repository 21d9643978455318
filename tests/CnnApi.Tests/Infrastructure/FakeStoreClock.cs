using CnnApi.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CnnApi.Tests.Infrastructure;

/// <summary>A store clock the test moves by hand (leases run out when the test says so).</summary>
public sealed class FakeStoreClock(DateTimeOffset start) : StoreClock
{
    public FakeTimeProvider Time { get; } = new(start);
    public DateTime Now => Time.GetUtcNow().UtcDateTime;
    public void Advance(TimeSpan by) => Time.Advance(by);
    public override Task<DateTime> NowAsync(CnnApiDb db, CancellationToken ct) => Task.FromResult(Now);
}
