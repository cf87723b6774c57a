using CapabilityOps.Audit.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Storage;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Audit.Chain;

public static class VerifyAuditChainEndpoint
{
    /// <summary>Recompute the tamper-evidence chain over every recorded event and say whether it still holds.</summary>
    /// <remarks>
    /// Every event is chained, in global sequence order, shortly after it is recorded: its link is SHA-256 of the previous
    /// link and of the event row's canonical bytes (sequence, id, stream, version, type, body, timestamp, tenant, headers,
    /// recorded-by, correlation and causation ids). This route reads every event row and every link again and recomputes
    /// the chain. An event edited or deleted directly in the database, or inserted below the chain's tip, breaks it:
    /// `verified` is false and `firstBrokenAt` names the first such event (sequence, stream, version, problem).
    /// Events recorded after the chain's tip are counted in `eventsNotYetChained`, not as breaks.
    /// Keep `tip` (sequence and hash) outside the database — in the dossier, a report, a signed e-mail — and pass it back as
    /// `anchorSequence` and `anchorHash`: the chain must still pass through it, so even a chain rebuilt wholesale after an
    /// edit, or a history cut at its end, is found.
    /// </remarks>
    /// <param name="anchorSequence">The sequence of a tip kept from an earlier report.</param>
    /// <param name="anchorHash">Its hash (64 hex digits).</param>
    [WolverineGet("/api/v1/audit/verify", OperationId = "VerifyAuditChain"), Tags("Audit"), AdminAccess]
    [NotUnitScoped("administration: the chain covers every event of every unit")]
    [ProducesResponseType<ChainReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(long? anchorSequence, string? anchorHash, IDocumentStore store, CancellationToken cancellation)
    {
        byte[]? anchor = null;
        if (anchorSequence is null != string.IsNullOrEmpty(anchorHash))
            return Problem.Invalid(anchorSequence is null ? "anchorSequence" : "anchorHash", Msg("AnchorTogether")).ToResult();
        if (anchorHash is not null)
        {
            if (anchorHash.Length != ChainHash.Size * 2 || !anchorHash.All(Uri.IsHexDigit))
                return Problem.Invalid("anchorHash", Msg("AnchorHashDigits", ChainHash.Size * 2)).ToResult();
            anchor = Convert.FromHexString(anchorHash);
        }
        if (anchorSequence < 1) return Problem.Invalid("anchorSequence", Msg("AnchorSequencePositive")).ToResult();

        return Results.Ok(await VerifyAsync(store, anchorSequence, anchor, cancellation));
    }

    /// <summary>Recomputes the chain over the store's database, in as many ranges at once as there are processors (2–8).</summary>
    public static async Task<ChainReport> VerifyAsync(IDocumentStore store, long? anchorSequence, byte[]? anchorHash, CancellationToken cancellation)
    {
        var database = store.Storage.Database;
        await database.EnsureStorageExistsAsync(typeof(StorageFeatures), cancellation);
        await database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), cancellation);
        return await new ChainStore(store.Options).VerifyAsync(() => database.CreateConnection(ConnectionUsage.Read),
            Math.Clamp(Environment.ProcessorCount, 2, 8), anchorSequence, anchorHash, cancellation);
    }
}
