namespace CapabilityOps.SharedKernel;

/// <summary>
/// One stored fact that carries many facts of one kind (an import's records of one cadre in one batch): written as one
/// event because a row per record cost more than the file's own bytes, read as its facts. The audit history shows each
/// of <see cref="Facts"/> as an entry of its own, marked with <see cref="BatchId"/>.
/// </summary>
public interface IFactBatch
{
    /// <summary>The batch the facts were recorded in: the same for every cadre's share of one import batch.</summary>
    Guid BatchId { get; }

    /// <summary>The facts, each as it would have been recorded on its own.</summary>
    IEnumerable<object> Facts { get; }
}
