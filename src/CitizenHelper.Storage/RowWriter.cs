using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CitizenHelper.Storage;

// Over 300 lines on purpose: the batch's row commands and the conversation locks they are ordered by (with what the
// locks let a batch tell about the activities before its own) are one transaction's work.
/// <summary>
/// Plain INSERT and UPDATE commands for the rows every message writes (activities, conversation state, outcomes),
/// inside the batch's transaction. Change tracking costs many times the write itself on these paths and the one
/// writer is what every conversation waits for. The commands are built from the EF model, so table and column names,
/// quoting and value conversions stay the model's; each is made once per batch and reused. That is SQLite, where a
/// command is a call in the same process. On a database server each command is a network round trip, and EF sends a
/// batch's rows in one: there the rows are staged on the batch's context instead (measured on PostgreSQL at 1,500
/// messages/s offered: 888 answered/s with a command per row).
/// </summary>
public sealed class RowWriter
{
    // The text and columns of each statement depend only on the model: worked out once for the service's life.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel Model, Type Entity, string Property), RowStatement> Statements = new();
    private readonly CitizenHelperDbContext _db;
    private readonly Dictionary<(Type Entity, string Property), RowCommand> _commands = [];
    private readonly bool _staged;

    internal RowWriter(CitizenHelperDbContext db)
    {
        _db = db;
        _staged = !db.Database.IsSqlite();
    }

    /// <summary>Whether rows were staged on the context, to be saved with the batch's tracked entities.</summary>
    internal bool StagedAny { get; private set; }

    // Conversations whose order must hold across instances, locked before the rows are saved (PostgreSQL only).
    private readonly SortedSet<long> _locksWanted = [];
    private readonly HashSet<long> _locksHeld = [];

    // Locked conversations whose last visible activity is still to be read under the lock, what was read (0: none),
    // and this batch's own visible activities of them: together they tell which activity each new one follows.
    private readonly HashSet<string> _lastVisibleWanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastVisible = new(StringComparer.Ordinal);
    private readonly List<ActivityRecord> _visibleRows = [];

    /// <summary>
    /// Orders this batch's rows of the conversation after every row of it another instance committed first: a
    /// transaction-scoped advisory lock taken before the rows are inserted, so within a conversation the generated
    /// sequence follows commit order and no reader sees a later watermark before an earlier one (PostgreSQL only; with
    /// SQLite there is one writer). The conversation's last visible activity is read under the same lock, so
    /// <see cref="PreviousVisible"/> can tell which activity each new visible one follows.
    /// </summary>
    public void LockConversation(string conversationId)
    {
        if (_staged)
        {
            var key = ConversationLockKey(conversationId);
            if (!_locksHeld.Contains(key))
            {
                _locksWanted.Add(key);
            }
            if (!_lastVisible.ContainsKey(conversationId))
            {
                _lastVisibleWanted.Add(conversationId);
            }
        }
    }

    /// <summary>
    /// Takes the conversation locks asked for since the last save, in ascending order (so batches do not deadlock),
    /// then reads the locked conversations' last visible sequence: one round trip, the read a statement of its own so
    /// that it sees every commit the locks waited for.
    /// </summary>
    internal async Task TakeLocksAsync()
    {
        if (_locksWanted.Count == 0 && _lastVisibleWanted.Count == 0)
        {
            return;
        }
        var keys = _locksWanted.ToArray();
        var conversations = _lastVisibleWanted.ToArray();
        var connection = _db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = Transaction();
        batch.BatchCommands.Add(NewBatchCommand(batch, "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(@keys) WITH ORDINALITY AS u(k, i)", "keys", keys));
        batch.BatchCommands.Add(NewBatchCommand(batch, """
            SELECT "ConversationId", max("Sequence") FROM "Activities"
            WHERE "ConversationId" = ANY(@conversations) AND "VisibleToClient" GROUP BY "ConversationId"
            """, "conversations", conversations));
        foreach (var conversation in conversations)
        {
            _lastVisible[conversation] = 0;
        }
        await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
        {
            await reader.NextResultAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                _lastVisible[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        _locksHeld.UnionWith(keys);
        _locksWanted.Clear();
        _lastVisibleWanted.Clear();
    }

    /// <summary>A visible activity of a locked conversation, staged in this batch (see <see cref="PreviousVisible"/>).</summary>
    internal void StagedVisible(ActivityRecord row) => _visibleRows.Add(row);

    /// <summary>
    /// After the commit, for a visible activity of a locked conversation: the sequence of the conversation's visible
    /// activity just before it, which no other instance could add in between (the lock was held from the read to
    /// the commit); <see cref="StoredActivity.Unknown"/> when the conversation was not locked.
    /// </summary>
    internal long PreviousVisible(ActivityRecord row)
    {
        if (!_lastVisible.TryGetValue(row.ConversationId, out var previous))
        {
            return StoredActivity.Unknown;
        }
        foreach (var other in _visibleRows)
        {
            if (other.ConversationId == row.ConversationId && other.Sequence < row.Sequence && other.Sequence > previous)
            {
                previous = other.Sequence;
            }
        }
        return previous;
    }

    private static DbBatchCommand NewBatchCommand(DbBatch batch, string sql, string name, object value)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A stable 64-bit key for a conversation's lock (FNV-1a over its id); a collision only makes two conversations wait for each other.</summary>
    public static long ConversationLockKey(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var hash = 14695981039346656037UL;
        foreach (var c in "conversation:" + conversationId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    /// <summary>
    /// Inserts the row; returns the key the database generated for it. Null when the key is the row's own, or when
    /// the row is staged (server databases): its generated key is then set on the row when the batch is saved.
    /// </summary>
    public async Task<long?> InsertAsync<TEntity>(TEntity row, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (_staged)
        {
            _db.Add(row);
            StagedAny = true;
            return null;
        }
        var command = Command(typeof(TEntity), "", BuildInsert);
        command.Bind(row);
        if (!command.Returns)
        {
            await command.Db.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        var key = await command.Db.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(key, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Sets one property of the row with the given key; returns whether a row had that key (staged: true, and a
    /// missing row fails the batch when it is saved).
    /// </summary>
    public async Task<bool> UpdateAsync<TEntity>(object key, string property, object? value, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (_staged)
        {
            Stage<TEntity>(key, property, value);
            return true;
        }
        var command = Command(typeof(TEntity), property, BuildUpdate);
        command.Bind([value, key]);
        return await command.Db.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private void Stage<TEntity>(object key, string property, object? value)
        where TEntity : class
    {
        var entry = _db.Set<TEntity>().Local.FindEntryUntyped([key]);
        if (entry is null)
        {
            // A stand-in carrying only the key: only the changed column is written.
            var stub = Activator.CreateInstance<TEntity>();
            _db.Model.FindEntityType(typeof(TEntity))!.FindPrimaryKey()!.Properties.Single().PropertyInfo!.SetValue(stub, key);
            entry = _db.Attach(stub);
        }
        entry.Property(property).CurrentValue = value;
        entry.Property(property).IsModified = true;
        StagedAny = true;
    }

    private RowCommand Command(Type entity, string property, Func<IEntityType, string, RowStatement> build)
    {
        if (!_commands.TryGetValue((entity, property), out var command))
        {
            var statement = Statements.GetOrAdd((_db.Model, entity, property), key =>
                build(key.Model.FindEntityType(key.Entity) ?? throw new InvalidOperationException($"{key.Entity.Name} is not in the model."), key.Property));
            _commands[(entity, property)] = command = new RowCommand(NewCommand(statement.Sql), statement.Properties, statement.Returns);
        }
        return command;
    }

    private RowStatement BuildInsert(IEntityType type, string _)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var generated = type.FindPrimaryKey()!.Properties.SingleOrDefault(p => p.ValueGenerated == ValueGenerated.OnAdd);
        var columns = type.GetProperties().Where(p => p != generated).ToList();
        var sql = $"INSERT INTO {Name(table)} ({string.Join(", ", columns.Select(p => Quote(p.GetColumnName(table)!)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})"
            + (generated is null ? "" : $" RETURNING {Quote(generated.GetColumnName(table)!)}");
        return new RowStatement(sql, columns, generated is not null);
    }

    private RowStatement BuildUpdate(IEntityType type, string property)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var set = type.FindProperty(property) ?? throw new InvalidOperationException($"{type.DisplayName()} has no property {property}.");
        var key = type.FindPrimaryKey()!.Properties.Single();
        var sql = $"UPDATE {Name(table)} SET {Quote(set.GetColumnName(table)!)} = @p0 WHERE {Quote(key.GetColumnName(table)!)} = @p1";
        return new RowStatement(sql, [set, key], Returns: false);
    }

    private DbCommand NewCommand(string sql)
    {
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = Transaction();
        command.CommandText = sql;
        return command;
    }

    private DbTransaction Transaction() => _db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Rows are written inside the batch's transaction.");

    private string Quote(string identifier) => _db.GetService<ISqlGenerationHelper>().DelimitIdentifier(identifier);

    private string Name(StoreObjectIdentifier table) => _db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.Name, table.Schema);

    /// <summary>The commands made for this batch, disposed with it.</summary>
    internal void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Db.Dispose();
        }
    }

    private sealed record RowStatement(string Sql, IReadOnlyList<IProperty> Properties, bool Returns);

    private sealed class RowCommand
    {
        private readonly IReadOnlyList<IProperty> _properties;
        private readonly DbParameter[] _parameters;
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?[] _converters;
        private readonly IClrPropertyGetter[] _getters;

        public RowCommand(DbCommand command, IReadOnlyList<IProperty> properties, bool returns)
        {
            Db = command;
            Returns = returns;
            _properties = properties;
            _converters = [.. properties.Select(p => p.GetRelationalTypeMapping().Converter)];
            _getters = [.. properties.Select(p => p.GetGetter())];
            _parameters = [.. properties.Select((p, i) =>
            {
                var parameter = p.GetRelationalTypeMapping().CreateParameter(command, $"@p{i}", null, p.IsNullable);
                command.Parameters.Add(parameter);
                return parameter;
            })];
        }

        public DbCommand Db { get; }

        public bool Returns { get; }

        public void Bind(object row)
        {
            for (var i = 0; i < _properties.Count; i++)
            {
                Set(i, _getters[i].GetClrValue(row));
            }
        }

        public void Bind(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                Set(i, values[i]);
            }
        }

        // The model's conversions (SQLite keeps instants as sortable numbers, PostgreSQL takes UTC only) apply here too.
        private void Set(int i, object? value) =>
            _parameters[i].Value = (value is null ? null : _converters[i]?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
    }
}
