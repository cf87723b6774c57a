namespace CapabilityOps.SharedKernel;

/// <summary>
/// A fact whose details are read only at its module's own route, which logs every read (DSC-3: discipline records are
/// confidential, read at <c>GET …/discipline</c>). Everywhere else — history, dossier — every role sees that it exists and
/// its effect, never its content.
/// </summary>
public interface IConfidentialFact;
