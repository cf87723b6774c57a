using System.Text.Json;
using System.Text.RegularExpressions;
using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Every problem the host writes passes here (the problem-details service's customisation), so all of them are one family:
/// a <c>type</c> of <see cref="ProblemTypes"/> and its title in the request's language, whoever wrote the problem (a slice,
/// the framework's status-code pages, Wolverine). Two of Wolverine's answers get their detail here: a 415 names the media
/// types the route accepts, and a body that does not bind ("Invalid JSON format") names every field that has the wrong
/// type, as every other validation failure does — System.Text.Json stops at the first, so the body (buffered by
/// <see cref="BufferJsonBodies"/>) is read again as a document and each property tried against the request type.
/// </summary>
internal static partial class JsonProblems
{
    [GeneratedRegex(@"Path: \$\.?(?<path>[^ |]*)")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"could not be converted to (?<type>[\w.+`\[\], =]+?)\. Path")]
    private static partial Regex TypePattern();

    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title == "Invalid JSON format" && problem.Detail is not null) DescribeBody(context.HttpContext, problem);
        else if (status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null) problem.Detail = UnsupportedMediaType(context.HttpContext).ToString();

        if (problem.Type?.StartsWith(ProblemTypes.Prefix, StringComparison.Ordinal) != true)
        {
            problem.Status = status;
            problem.Type = ProblemTypes.Uri(status);
            problem.Title = ProblemTypes.Title(status).ToString();
        }
    }

    /// <summary>The 415's detail: the media types the route takes (its accepts metadata), JSON for the routes that take a body.</summary>
    private static Text UnsupportedMediaType(HttpContext context)
    {
        var accepted = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(a => a.ContentTypes).Distinct().ToList() ?? [];
        return Msg("UnsupportedMediaType", accepted.Count > 0 ? string.Join(", ", accepted) : "application/json");
    }

    private static void DescribeBody(HttpContext context, ProblemDetails problem)
    {
        var errors = FieldErrors(context, problem.Detail!);
        problem.Title = ProblemTypes.Title(StatusCodes.Status400BadRequest).ToString();
        problem.Type = ProblemTypes.Uri(StatusCodes.Status400BadRequest);
        problem.Detail = string.Join(" ", errors.Values.SelectMany(m => m));
        problem.Extensions["errors"] = errors;
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        problem.Instance = null;
    }

    /// <summary>Every top-level property of the body that does not bind to its type, or the serializer's one finding when the body is not JSON.</summary>
    private static Dictionary<string, string[]> FieldErrors(HttpContext context, string serializerMessage)
    {
        var requestType = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        if (requestType is not null && context.Request.Body.CanSeek)
        {
            try
            {
                context.Request.Body.Position = 0;
                using var document = JsonDocument.Parse(context.Request.Body);
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    errors["body"] = [Msg("BodyNotObject").ToString()];
                else
                    foreach (var json in document.RootElement.EnumerateObject())
                    {
                        var property = requestType.GetProperties().FirstOrDefault(p => string.Equals(p.Name, json.Name, StringComparison.OrdinalIgnoreCase));
                        if (property is null) continue;
                        var field = options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
                        try
                        {
                            json.Value.Deserialize(property.PropertyType, options);
                        }
                        catch (JsonException e)
                        {
                            // A nested value (an item of a list) is named by its path under the property.
                            var inner = PathPattern().Match(e.Message) is { Success: true } p && p.Groups["path"].Value.Length > 0 ? p.Groups["path"].Value : "";
                            var name = inner.Length == 0 ? field : inner.StartsWith('[') ? field + inner : $"{field}.{inner}";
                            var type = inner.Length == 0 ? Underlying(property.PropertyType) : TypeNamed(e.Message);
                            errors[name] = [Expected(name, type).ToString()];
                        }
                    }
                if (errors.Count > 0) return errors;
            }
            catch (JsonException)
            {
                // Not JSON at all: the serializer's own finding below says where.
            }
        }

        var path = PathPattern().Match(serializerMessage) is { Success: true } m ? m.Groups["path"].Value : "";
        var fieldName = path.Length == 0 ? "body" : path;
        var reason = TypePattern().IsMatch(serializerMessage)
            ? Expected(fieldName, requestType is null ? TypeNamed(serializerMessage) : TopLevelType(requestType, path))
            : Msg("NotJson", fieldName);
        return new Dictionary<string, string[]> { [fieldName] = [reason.ToString()] };
    }

    private static Type? TopLevelType(Type requestType, string path)
    {
        var property = requestType.GetProperties().FirstOrDefault(p => string.Equals(p.Name, path, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : Underlying(property.PropertyType);
    }

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>The type the serializer's message names ("could not be converted to System.DateOnly"), when it is one it knows.</summary>
    private static Type? TypeNamed(string message)
    {
        if (TypePattern().Match(message) is not { Success: true } t) return null;
        var name = t.Groups["type"].Value;
        var type = Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(x => x is not null);
        return type is null ? null : Underlying(type);
    }

    private static Text Expected(string field, Type? type) => type switch
    {
        null => Msg("WrongType", field),
        { IsEnum: true } => Msg("MustBeOneOf", field, string.Join(", ", Enum.GetNames(type))),
        _ when type == typeof(DateOnly) => Msg("MustBeDate", field),
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => Msg("MustBeInstant", field),
        _ when type == typeof(bool) => Msg("MustBeBoolean", field),
        _ when type == typeof(string) => Msg("MustBeString", field),
        _ when type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double) => Msg("MustBeNumber", field),
        _ when type == typeof(Guid) => Msg("MustBeUuid", field),
        _ when type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => Msg("MustBeList", field),
        _ => Msg("WrongType", field),
    };

    /// <summary>
    /// Keeps a JSON body readable after binding, so that a body that does not bind can be read again for all its field errors.
    /// Bodies are small here (the body limit); a large one is buffered to a temporary file by ASP.NET Core.
    /// </summary>
    public static WebApplication BufferJsonBodies(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                context.Request.EnableBuffering();
                // Read to the end now, asynchronously: the serializer stops at the first value that does not bind, and
                // FieldErrors then reads the body again synchronously (a problem-details callback cannot await); a body
                // longer than what the serializer had read made that a synchronous read from Kestrel, refused with a 500.
                await context.Request.Body.DrainAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
            }
            await next(context);
        });
        return app;
    }
}
