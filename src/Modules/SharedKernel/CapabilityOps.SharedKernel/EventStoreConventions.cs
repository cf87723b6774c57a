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
        // Issue 9: heartbeat, agent status and pause reason per shard, for /health/ready.
        opts.Events.EnableExtendedProgressionTracking = true;
    }
}
