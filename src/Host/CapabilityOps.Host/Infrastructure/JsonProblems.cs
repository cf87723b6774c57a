using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Wolverine answers a body that does not parse with "Invalid JSON format" and the serializer's message.
/// This names the field and the reason in <c>errors</c>, as every other validation failure does.
/// </summary>
internal static partial class JsonProblems
{
    [GeneratedRegex(@"Path: \$\.?(?<path>[^ |]*)")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"could not be converted to (?<type>[\w.+]+)\. Path")]
    private static partial Regex TypePattern();

    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Title != "Invalid JSON format" || problem.Detail is null) return;

        var path = PathPattern().Match(problem.Detail) is { Success: true } p ? p.Groups["path"].Value : "";
        var reason = TypePattern().Match(problem.Detail) is { Success: true } t
            ? Expected(PropertyType(t.Groups["type"].Value, path))
            : "is not valid JSON.";
        var field = path.Length == 0 ? "body" : path;
        problem.Title = "Invalid request";
        problem.Detail = $"'{field}' {reason}";
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
    }

    /// <summary>The type of the property at a top-level JSON path of the request type the serializer names.</summary>
    private static Type? PropertyType(string requestTypeName, string path)
    {
        var requestType = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(requestTypeName)).FirstOrDefault(t => t is not null);
        var property = requestType?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, path, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    private static string Expected(Type? type) => type switch
    {
        null => "has the wrong type.",
        { IsEnum: true } => $"must be one of {string.Join(", ", Enum.GetNames(type))}.",
        _ when type == typeof(DateOnly) => "must be a date, YYYY-MM-DD.",
        _ when type == typeof(DateTimeOffset) => "must be an instant, RFC 3339 with offset.",
        _ when type == typeof(bool) => "must be true or false.",
        _ when type == typeof(string) => "must be a string.",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double) => "must be a number in range.",
        _ => "has the wrong type.",
    };
}
