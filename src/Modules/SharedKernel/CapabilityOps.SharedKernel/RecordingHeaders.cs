namespace CapabilityOps.SharedKernel;

/// <summary>Names of the event headers that say where a fact came from.</summary>
public static class RecordingHeaders
{
    /// <summary>The calling system, from the HTTP header <c>X-Source-System</c>.</summary>
    public const string Source = "source";

    public const string SourceHttpHeader = "X-Source-System";
}
