namespace CapabilityOps.SharedKernel;

/// <summary>
/// A fact whose details only administrators may read (DSC-3: discipline records are confidential). Others see
/// that it exists and its effect, never its content.
/// </summary>
public interface IConfidentialFact;
