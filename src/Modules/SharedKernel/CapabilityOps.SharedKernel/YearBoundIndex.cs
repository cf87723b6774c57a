using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// An index of each event by its stream and the last day of its year-bound fact (<see cref="YearBoundEvent"/>; any other event
/// sorts last, as if dated 9999-12-31): a read of some years (<see cref="StreamEvents"/>) finds a cadre's events of those years
/// and its undated ones without visiting the hundreds of study hours of other years. A feature of its own, after the event
/// store's tables, so <c>db-apply</c> creates it once <c>mt_events</c> exists. A change to the year-bound facts changes its
/// expression, and the migration rebuilds it (the expression's fingerprint is the index's comment).
/// </summary>
public sealed class YearBoundIndex(StoreOptions options, IReadOnlyCollection<YearBoundEvent> yearBound)
    : FeatureSchemaBase(nameof(YearBoundIndex), options.Advanced.Migrator)
{
    /// <summary>The index's name in the events' schema (Marten is told to leave it alone: <c>opts.Events.IgnoreIndex</c>).</summary>
    public const string Name = "mt_events_year_bound";

    /// <summary>
    /// The last day of an event's year-bound fact as ISO text in the C collation, '9999-12-31' for any other event or one lacking
    /// the date (an older shape): the index's expression, and what a read compares with its first day, written alike so the
    /// planner matches them. <paramref name="alias"/> qualifies the columns in a query.
    /// </summary>
    public static string LastDay(StoreOptions options, IEnumerable<YearBoundEvent> yearBound, string? alias = null) =>
        $"(coalesce({Case(options, yearBound, alias, b => b.LastDate ?? b.FirstDate)}, '9999-12-31') collate \"C\")";

    /// <summary>The first day of an event's year-bound fact as ISO text in the C collation; null for any other event.</summary>
    public static string FirstDay(StoreOptions options, IEnumerable<YearBoundEvent> yearBound, string? alias = null) =>
        $"(({Case(options, yearBound, alias, b => b.FirstDate)}) collate \"C\")";

    private static string Case(StoreOptions options, IEnumerable<YearBoundEvent> yearBound, string? alias, Func<YearBoundEvent, string> member)
    {
        var column = alias is null ? "" : $"{alias}.";
        var events = (EventGraph)options.Events;
        var whens = yearBound.Select(b => (Type: events.EventMappingFor(b.EventType).EventTypeName, Field: JsonNamingPolicy.CamelCase.ConvertName(member(b))))
            .OrderBy(b => b.Type, StringComparer.Ordinal)
            .Select(b => $" when '{b.Type}' then {column}data ->> '{b.Field}'");
        return $"case {column}type{string.Concat(whens)} end";
    }

    public override Type StorageType => typeof(YearBoundIndex);

    public override IEnumerable<Type> DependentTypes()
    {
        yield return typeof(IEvent);
    }

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        if (yearBound.Count > 0) yield return new Index(options, yearBound);
    }

    private sealed class Index(StoreOptions options, IReadOnlyCollection<YearBoundEvent> yearBound) : ISchemaObject
    {
        private readonly string _schema = options.Events.DatabaseSchemaName;

        private string Create => $"create index if not exists {Name} on {_schema}.mt_events (stream_id, {LastDay(options, yearBound)});";

        private string Fingerprint => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Create)))[..16];

        public DbObjectName Identifier => new Weasel.Postgresql.PostgresqlObjectName(_schema, Name, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine(Create);
            writer.WriteLine($"comment on index {_schema}.{Name} is '{Fingerprint}';");
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"drop index if exists {_schema}.{Name};");

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) => builder.Append(
            $"select obj_description(c.oid, 'pg_class') from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            $"where n.nspname = '{_schema}' and c.relname = '{Name}' and c.relkind = 'i';");

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
        {
            if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
            var comment = await reader.IsDBNullAsync(0, ct) ? null : reader.GetString(0);
            return new SchemaObjectDelta(this, comment == Fingerprint ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }
}
