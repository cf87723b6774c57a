using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Tags;
using Marten;
using Marten.Events;
using Npgsql;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// A stream's events up to an instant, for folds that read each event's data, id, version, sequence, timestamp and user
/// name: the same rows as <c>session.Events.FetchStreamAsync(key, timestamp: …)</c> (same filter, same order), each
/// deserialised by Marten's own mapping for its type with the store's serializer, but without the columns nothing here
/// reads (headers, correlation and causation ids, the .NET type name, the tenant) and read synchronously from the
/// buffered row: Marten's own read deserialises every column asynchronously and parses the headers' JSON, which dominates
/// a fold's cost on long streams (docs/PERFORMANCE.md). An event type the store has not mapped sends the whole read to Marten.
/// </summary>
public static class StreamEvents
{
    private static readonly ConditionalWeakTable<IReadOnlyStoreOptions, Reader> Readers = new();

    /// <summary>
    /// The stream's events (oldest first) recorded up to <paramref name="asOf"/>, or all of them when it is null. With
    /// <paramref name="types"/>, for a fold that reads only those: their events and the last event whatever its type (so
    /// <c>[^1].Version</c> is still the stream's version at the instant); Marten's read, when it takes over, gives them all.
    /// </summary>
    public static Task<IReadOnlyList<IEvent>> ReadStreamAsync(this IQuerySession session, string streamKey, DateTimeOffset? asOf,
        IReadOnlyCollection<Type>? types = null, CancellationToken cancellation = default) =>
        Readers.GetValue(session.DocumentStore.Options, options => new Reader((StoreOptions)options))
            .ReadAsync(session, streamKey, asOf?.ToUniversalTime(), types, cancellation);

    /// <summary>
    /// Many streams' events at once (each oldest first), in one query: the same rows and mapping as
    /// <see cref="ReadStreamAsync"/> without an instant, for a recomputation over thousands of cadres. Each event's data is
    /// deserialised when it is first read, so callers that evaluate streams in parallel deserialise them in parallel too; a
    /// stream is then read by one thread at a time. A stream holding an event type this read cannot map is read by Marten instead.
    /// </summary>
    public static Task<Dictionary<string, IReadOnlyList<IEvent>>> ReadStreamsAsync(this IQuerySession session, IReadOnlyCollection<string> streamKeys,
        CancellationToken cancellation = default) =>
        Readers.GetValue(session.DocumentStore.Options, options => new Reader((StoreOptions)options)).ReadManyAsync(session, streamKeys, null, cancellation);

    /// <summary>
    /// As <see cref="ReadStreamsAsync(IQuerySession, IReadOnlyCollection{string}, CancellationToken)"/>, for an evaluation of the
    /// years of <paramref name="window"/> only: its year-bound events dated wholly outside those years are left in the database (the
    /// bulk of a cadre's stream is study hours of other years). Each stream's last event is read whatever it is, so
    /// <c>[^1].Version</c> is still the stream's version.
    /// </summary>
    public static Task<Dictionary<string, IReadOnlyList<IEvent>>> ReadStreamsAsync(this IQuerySession session, IReadOnlyCollection<string> streamKeys,
        YearWindow window, CancellationToken cancellation = default) =>
        Readers.GetValue(session.DocumentStore.Options, options => new Reader((StoreOptions)options)).ReadManyAsync(session, streamKeys, window, cancellation);

    /// <summary>
    /// What was appended to each stream after a version (each stream's events oldest first, only those of a higher version): what a
    /// row computed at that version has not seen. The same rows and mapping as <see cref="ReadStreamAsync"/>; a stream nothing was
    /// appended to is missing from the result.
    /// </summary>
    public static Task<Dictionary<string, IReadOnlyList<IEvent>>> ReadStreamsSinceAsync(this IQuerySession session,
        IReadOnlyDictionary<string, long> versions, CancellationToken cancellation = default) =>
        Readers.GetValue(session.DocumentStore.Options, options => new Reader((StoreOptions)options)).ReadSinceAsync(session, versions, cancellation);

    private sealed class Reader(StoreOptions options)
    {
        // No order: the rows come in the heap's order and each stream is put in sequence order here, which spares the database
        // a sort of every row read (larger than its work memory for a batch of cadres).
        private readonly string _many =
            $"select data, type, id, version, seq_id, timestamp, user_name, stream_id from {options.Events.DatabaseSchemaName}.mt_events as d " +
            "where d.is_archived = false and d.stream_id = any($1)";

        /// <summary>
        /// <see cref="_many"/> without the year-bound events dated outside the years $2–$3 (ISO dates, compared as text in the C
        /// collation), except each stream's last event. A date the event lacks (an older shape) keeps it.
        /// </summary>
        private string Windowed(IReadOnlyCollection<YearBoundEvent> yearBound)
        {
            var schema = options.Events.DatabaseSchemaName;
            string Field(string member) => $"(d.data ->> '{JsonNamingPolicy.CamelCase.ConvertName(member)}') collate \"C\"";
            var cases = string.Concat(yearBound.Select(b =>
                $" when '{_events.EventMappingFor(b.EventType).EventTypeName}' then coalesce({Field(b.LastDate ?? b.FirstDate)} >= $2, true) and coalesce({Field(b.FirstDate)} <= $3, true)"));
            return $"select d.data, d.type, d.id, d.version, d.seq_id, d.timestamp, d.user_name, d.stream_id from {schema}.mt_events as d " +
                   $"join (select id, version from {schema}.mt_streams where id = any($1)) as s on s.id = d.stream_id " +
                   $"where d.is_archived = false and d.stream_id = any($1) and (d.version = s.version or case d.type{cases} else true end)";
        }

        private readonly ConcurrentDictionary<string, string> _windowed = new(StringComparer.Ordinal);

        /// <summary><see cref="_many"/> for the events of a version above each stream's own (the stream-and-version key, a few rows each).</summary>
        private readonly string _since =
            $"select d.data, d.type, d.id, d.version, d.seq_id, d.timestamp, d.user_name, d.stream_id from {options.Events.DatabaseSchemaName}.mt_events as d " +
            "join unnest($1::text[], $2::bigint[]) as r(stream_id, since) on d.stream_id = r.stream_id where d.is_archived = false and d.version > r.since";

        public Task<Dictionary<string, IReadOnlyList<IEvent>>> ReadSinceAsync(IQuerySession session, IReadOnlyDictionary<string, long> versions,
            CancellationToken cancellation)
        {
            var command = new NpgsqlCommand(_since)
            {
                Parameters =
                {
                    new NpgsqlParameter<string[]> { TypedValue = versions.Keys.ToArray() },
                    new NpgsqlParameter<long[]> { TypedValue = versions.Values.ToArray() },
                },
            };
            return CollectAsync(session, command, async key =>
                (await session.Events.FetchStreamAsync(key, token: cancellation)).Where(e => e.Version > versions[key]).ToList(), cancellation);
        }

        public Task<Dictionary<string, IReadOnlyList<IEvent>>> ReadManyAsync(IQuerySession session, IReadOnlyCollection<string> streamKeys,
            YearWindow? window, CancellationToken cancellation)
        {
            var sql = window is { YearBound.Count: > 0 } w
                ? _windowed.GetOrAdd(string.Join(',', w.YearBound.Select(b => $"{b.EventType.FullName}:{b.FirstDate}:{b.LastDate}")), _ => Windowed(w.YearBound))
                : _many;
            var command = new NpgsqlCommand(sql) { Parameters = { new NpgsqlParameter<string[]> { TypedValue = streamKeys.ToArray() } } };
            if (!ReferenceEquals(sql, _many))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{window!.FirstYear:0000}-01-01" });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{window.LastYear:0000}-12-31" });
            }
            return CollectAsync(session, command, async key => await session.Events.FetchStreamAsync(key, token: cancellation), cancellation);
        }

        /// <summary>
        /// The rows of <paramref name="owned"/> (disposed here; the columns of <see cref="_many"/>) as each stream's events in sequence order; a stream
        /// holding a type this read cannot map is read by <paramref name="byMarten"/> instead.
        /// </summary>
        private async Task<Dictionary<string, IReadOnlyList<IEvent>>> CollectAsync(IQuerySession session, NpgsqlCommand owned,
            Func<string, Task<IReadOnlyList<IEvent>>> byMarten, CancellationToken cancellation)
        {
            await using var command = owned;
            var streams = new Dictionary<string, List<IEvent>>(StringComparer.Ordinal);
            var unmapped = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await session.ExecuteReaderAsync(command, cancellation))
            {
                while (await reader.ReadAsync(cancellation))
                {
                    var key = reader.GetString(7);
                    if (!streams.TryGetValue(key, out var events)) streams[key] = events = [];
                    if (unmapped.Contains(key)) continue;
                    if (MappingFor(reader.GetString(1)) is not { } mapping)
                    {
                        unmapped.Add(key);
                        continue;
                    }
                    // The row is buffered whole (not a sequential read): its JSON is copied out as it is, without the jsonb version byte.
                    events.Add(new ReadEvent(reader.GetFieldValue<byte[]>(0), _serializer, mapping)
                    {
                        Id = reader.GetGuid(2), Version = reader.GetInt64(3), Sequence = reader.GetInt64(4),
                        Timestamp = reader.GetFieldValue<DateTimeOffset>(5), UserName = reader.IsDBNull(6) ? null : reader.GetString(6), StreamKey = key,
                    });
                }
            }
            var result = new Dictionary<string, IReadOnlyList<IEvent>>(streams.Count, StringComparer.Ordinal);
            foreach (var (key, events) in streams)
            {
                events.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
                result[key] = unmapped.Contains(key) ? await byMarten(key) : events;
            }
            return result;
        }

        private readonly EventGraph _events = (EventGraph)options.Events;
        private readonly ISerializer _serializer = options.Serializer();

        /// <summary>Event type name to Marten's mapping, resolved once per type.</summary>
        private readonly ConcurrentDictionary<string, EventMapping> _mappings = new(StringComparer.Ordinal);

        /// <summary>By (up to an instant, only some types): Marten's filter and order (EventStatement), with only the columns read here.</summary>
        private readonly string[] _statements = [Select(options, false, false), Select(options, true, false), Select(options, false, true), Select(options, true, true)];

        private static string Select(StoreOptions options, bool upTo, bool typed)
        {
            var events = $"{options.Events.DatabaseSchemaName}.mt_events";
            string Where(string e) => $"{e}.is_archived = false{(upTo ? $" and {e}.timestamp <= $2" : "")} and {e}.stream_id = $1";
            // The stream's last event by version (the same event as its highest sequence number): "max(seq_id)" let the planner
            // walk the whole store's sequence index backwards to this stream's last event when it lies far back.
            var only = typed ? $" and (d.type = any(${(upTo ? 3 : 2)}) or d.seq_id = (select l.seq_id from {events} as l where {Where("l")} order by l.version desc limit 1))" : "";
            // Data first, where Marten's mapping reads it.
            return $"select data, type, id, version, seq_id, timestamp, user_name from {events} as d where {Where("d")}{only} order by d.seq_id";
        }

        public async Task<IReadOnlyList<IEvent>> ReadAsync(IQuerySession session, string streamKey, DateTimeOffset? instant,
            IReadOnlyCollection<Type>? types, CancellationToken cancellation)
        {
            await using var command = new NpgsqlCommand(_statements[(instant is null ? 0 : 1) + (types is null ? 0 : 2)])
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = streamKey } },
            };
            if (instant is { } i) command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = i });
            if (types is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types.Select(t => _events.EventMappingFor(t).EventTypeName).ToArray() });
            var events = new List<IEvent>();
            await using (var reader = await session.ExecuteReaderAsync(command, cancellation))
            {
                while (await reader.ReadAsync(cancellation))
                {
                    // Not sequential access: the whole row is in the buffer, so its columns are read without awaiting.
                    if (MappingFor(reader.GetString(1)) is not { } mapping)
                    {
                        events = null;
                        break;
                    }
                    events.Add(new ReadEvent(_serializer.FromJson(mapping.DocumentType, reader, 0), mapping)
                    {
                        Id = reader.GetGuid(2), Version = reader.GetInt64(3), Sequence = reader.GetInt64(4),
                        Timestamp = reader.GetFieldValue<DateTimeOffset>(5), UserName = reader.IsDBNull(6) ? null : reader.GetString(6), StreamKey = streamKey,
                    });
                }
            }
            if (events is not null) return events;
            return instant is { } at
                ? await session.Events.FetchStreamAsync(streamKey, timestamp: at, token: cancellation)
                : await session.Events.FetchStreamAsync(streamKey, token: cancellation);
        }

        /// <summary>
        /// Marten's mapping for a stored type name, when exactly one known event type has it and it is stored as JSON; otherwise (not
        /// known yet, shared by two .NET types, which Marten tells apart by the stored .NET type name, or binary) null, and Marten's
        /// read resolves it. Upcasters are not seen here (Marten keeps them apart from the known types): this store has none.
        /// </summary>
        private EventMapping? MappingFor(string typeName) => _mappings.TryGetValue(typeName, out var known) ? known : Resolve(typeName);

        // Apart from the lookup: its lambda's closure would otherwise be allocated on every call, found or not.
        private EventMapping? Resolve(string typeName) =>
            _events.AllKnownEventTypes().Where(t => t.EventTypeName == typeName).ToList() is [var only]
            && _events.EventMappingFor(only.EventType) is { IsBinary: false } mapping
                ? _mappings.GetOrAdd(typeName, mapping)
                : null;
    }

    /// <summary>
    /// An event as this read returns it: what Marten's <c>Event&lt;T&gt;</c> would carry of the columns read. Not <c>Event&lt;T&gt;</c>
    /// itself: its initializer draws a random id (Guid.NewGuid, a system call here) that the stored id then replaces, which cost
    /// more than deserialising the event.
    /// </summary>
    private sealed class ReadEvent : IEvent
    {
        private readonly EventMapping _mapping;
        private List<EventTag>? _tags;
        private object? _data;
        private byte[]? _json;
        private ISerializer? _serializer;

        public ReadEvent(object data, EventMapping mapping) => (_data, _mapping) = (data, mapping);

        /// <summary>An event whose data is deserialised from <paramref name="json"/> (the column's bytes) when first read.</summary>
        public ReadEvent(byte[] json, ISerializer serializer, EventMapping mapping) => (_json, _serializer, _mapping) = (json, serializer, mapping);

        public object Data
        {
            get
            {
                if (_data is null)
                {
                    _data = _serializer!.FromJson(_mapping.DocumentType, new MemoryStream(_json!, false));
                    (_json, _serializer) = (null, null);
                }
                return _data;
            }
        }
        public Type EventType => _mapping.DocumentType;
        public string EventTypeName { get => field ??= _mapping.EventTypeName; set; }
        public string DotNetTypeName { get => field ??= _mapping.DotNetTypeName; set; }
        public Guid Id { get; set; }
        public long Version { get; set; }
        public long Sequence { get; set; }
        public Guid StreamId { get; set; }
        public string? StreamKey { get; set; }
        public DateTimeOffset Timestamp { get; set; }
        public string TenantId { get; set; } = StorageConstants.DefaultTenantId;
        public string? UserName { get; set; }
        public string? CausationId { get; set; }
        public string? CorrelationId { get; set; }
        public Dictionary<string, object>? Headers { get; set; }
        public bool IsArchived { get; set; }
        public bool IsSkipped { get; set; }
        public string? AggregateTypeName { get; set; }
        public IReadOnlyList<EventTag>? Tags => _tags;

        public void SetHeader(string key, object value) => (Headers ??= [])[key] = value;
        public object? GetHeader(string key) => Headers?.GetValueOrDefault(key);
        public void AddTag<TTag>(TTag tag) where TTag : notnull => AddTag(new EventTag(typeof(TTag), tag));
        public void AddTag(EventTag tag) => (_tags ??= []).Add(tag);
    }
}

/// <summary>
/// An event type whose fact counts only in the calendar years of its dates, declared by the module that owns it: an evaluation of
/// some years may leave out those dated wholly outside them (<see cref="StreamEvents.ReadStreamsAsync(IQuerySession, IReadOnlyCollection{string}, YearWindow, CancellationToken)"/>).
/// Only for facts no rule of any year reads across years.
/// </summary>
/// <param name="FirstDate">The .NET property holding its date, or the first day of a span.</param>
/// <param name="LastDate">The property holding the span's last day; null for a fact of one day.</param>
public sealed record YearBoundEvent(Type EventType, string FirstDate, string? LastDate = null)
{
    // Compiled once: a catch-up asks this of every event it reads, twice for a cadre's two years.
    private Func<object, DateOnly> First => field ??= Getter(FirstDate);
    private Func<object, DateOnly> Last => field ??= Getter(LastDate ?? FirstDate);

    private Func<object, DateOnly> Getter(string member)
    {
        var property = EventType.GetProperty(member) ?? throw new InvalidOperationException($"{EventType.Name} has no {member}");
        var data = Expression.Parameter(typeof(object));
        return Expression.Lambda<Func<object, DateOnly>>(Expression.Property(Expression.Convert(data, EventType), property), data).Compile();
    }

    /// <summary>Whether <paramref name="data"/>, an event of this type, is dated wholly outside <paramref name="year"/>.</summary>
    public bool Outside(object data, int year) => Last(data).Year < year || First(data).Year > year;
}

/// <summary>The years an evaluation reads the year-bound events of, first to last.</summary>
public sealed record YearWindow(int FirstYear, int LastYear, IReadOnlyCollection<YearBoundEvent> YearBound);
