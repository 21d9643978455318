using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CnnApi.Tests.Infrastructure;

/// <summary>
/// Fault injection around the store: makes chosen commands fail (a store that is briefly unavailable), or runs
/// an action right before a chosen command (another node acting between a read and a write), or fails right
/// after a commit (the commit landed, its answer was lost).
/// </summary>
public sealed class FaultInjector : DbCommandInterceptor, IDbTransactionInterceptor
{
    private volatile Func<DbCommand, bool>? _failWhen;
    private Func<DbCommand, bool>? _afterWhen;
    private Func<Task>? _after;
    private int _failNextCommits;
    private volatile Func<DbCommand, bool>? _loseCommitOfWhen;
    private DbTransaction? _loseCommitOf;

    public int Failures;
    /// <summary>Commits whose answer <see cref="LoseCommitAnswerOf"/> made get lost.</summary>
    public int LostCommitAnswers;

    /// <summary>Fails every command <paramref name="when"/> holds for, until <see cref="Heal"/>.</summary>
    public void Fail(Func<DbCommand, bool> when) => _failWhen = when;
    public void FailAll() => Fail(_ => true);
    public void Heal() => _failWhen = null;

    /// <summary>Once, just before the first command <paramref name="when"/> holds for runs, runs <paramref name="action"/>.</summary>
    public void Before(Func<DbCommand, bool> when, Func<Task> action) => (_afterWhen, _after) = (when, action);

    /// <summary>The next <paramref name="count"/> commits succeed in the database, then throw as if the connection dropped.</summary>
    public void LoseNextCommitAnswers(int count) => Interlocked.Exchange(ref _failNextCommits, count);

    /// <summary>
    /// Once: the transaction in which the first command <paramref name="when"/> holds for runs commits in the
    /// database, then its commit throws as if the connection dropped. Set before the work starts, it cannot miss a
    /// transaction that came sooner than the test thread (unlike <see cref="LoseNextCommitAnswers"/>).
    /// </summary>
    public void LoseCommitAnswerOf(Func<DbCommand, bool> when) => _loseCommitOfWhen = when;

    private void MaybeMark(DbCommand command)
    {
        if (_loseCommitOfWhen is { } when && command.Transaction is { } tx && when(command))
        {
            _loseCommitOfWhen = null;
            Volatile.Write(ref _loseCommitOf, tx);
        }
    }

    private void MaybeLoseAnswer(DbTransaction transaction)
    {
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _loseCommitOf, null, transaction), transaction)) return;
        Interlocked.Increment(ref LostCommitAnswers);
        throw new InjectedFaultException("injected: the commit's answer was lost");
    }

    private void MaybeFail(DbCommand command)
    {
        MaybeMark(command);
        if (_failWhen is { } when && when(command))
        {
            Interlocked.Increment(ref Failures);
            throw new InjectedFaultException($"injected store fault on: {command.CommandText.Split('\n')[0]}");
        }
    }

    private async Task MaybeActAsync(DbCommand command)
    {
        if (_afterWhen is { } when && when(command) && Interlocked.Exchange(ref _after, null) is { } action)
        {
            _afterWhen = null;
            await action();
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { MaybeFail(command); return result; }
    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    { await MaybeActAsync(command); MaybeFail(command); return result; }
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    { MaybeFail(command); return result; }
    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    { await MaybeActAsync(command); MaybeFail(command); return result; }
    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    { MaybeFail(command); return result; }
    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken ct = default)
    { await MaybeActAsync(command); MaybeFail(command); return result; }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        MaybeLoseAnswer(transaction);
        if (Interlocked.Decrement(ref _failNextCommits) >= 0) throw new InjectedFaultException("injected: the commit's answer was lost");
        Interlocked.Exchange(ref _failNextCommits, 0);
        await Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        MaybeLoseAnswer(transaction);
        if (Interlocked.Decrement(ref _failNextCommits) >= 0) throw new InjectedFaultException("injected: the commit's answer was lost");
        Interlocked.Exchange(ref _failNextCommits, 0);
    }
}

public sealed class InjectedFaultException(string message) : DbException(message);
