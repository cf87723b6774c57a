namespace CapabilityOps.SharedKernel;

/// <summary>
/// The route reads its request body itself (a file import, streamed rather than bound): the OpenAPI document
/// describes the body as a multipart form with the file in <see cref="FormField"/>, or as one of
/// <see cref="RawContentTypes"/> sent as it is, so the Swagger UI can upload the file.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FileBodyAttribute(string formField, params string[] rawContentTypes) : Attribute
{
    public string FormField { get; } = formField;

    public IReadOnlyList<string> RawContentTypes { get; } = rawContentTypes;
}
