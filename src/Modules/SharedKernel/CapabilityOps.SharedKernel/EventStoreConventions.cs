using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// How CapabilityOps stores events and documents: the schema, string stream keys, the metadata columns and the JSON.
/// One place, so the host and anything else that writes the store (the bench's data generator) write the same rows.
/// </summary>
public static class EventStoreConventions
{
    public const string DatabaseSchema = "capops";

    public static void Apply(StoreOptions opts)
    {
        opts.DatabaseSchemaName = DatabaseSchema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        // Heartbeat, agent status and pause reason per shard, for /health/ready.
        opts.Events.EnableExtendedProgressionTracking = true;
        // An index on (type, seq_id): a projection whose events are few finds them without walking every event in the
        // store, which a rebuild of the small projections needs. An append costs little
        // for it: a type's new events go to the end of its range.
        opts.Events.EnableEventTypeIndex = true;
    }
}
