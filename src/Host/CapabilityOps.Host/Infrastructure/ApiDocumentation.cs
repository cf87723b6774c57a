using System.Text.Json;
using System.Text.Json.Nodes;
using CapabilityOps.Host.Access;
using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>The OpenAPI document and the Swagger UI administrators work in, grouped by module.</summary>
public static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CapabilityOps API",
                Version = "v1",
                Description = "Records the facts of the bureau's cadre-capability programme and answers compliance and appraisal.\n\n" +
                              "* Authenticate with an API key in `X-Api-Key` (Authorize button). Each operation says the role it needs " +
                              "and how its unit scope is decided: a UnitWriter or Reader key acts on its unit and the units below it.\n" +
                              "* Dates are `YYYY-MM-DD`, instants RFC 3339 with offset; years and quarters are China Standard Time.\n" +
                              "* Any POST may carry `Idempotency-Key`; a repeat with the same body returns the first response, " +
                              "with another body it is a 422. Keys are kept at least 24 hours.\n" +
                              "* Errors are RFC 9457 problem details; validation failures name each field in `errors`.",
                License = new OpenApiLicense { Name = "Proprietary — for the bureau's use", Url = new Uri("https://example.invalid/capabilityops/licence") },
            });
            o.AddServer(new OpenApiServer { Url = "/", Description = "This host" });
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "CapabilityOps.*.xml"))
                o.IncludeXmlComments(xml, includeControllerXmlComments: true);
            o.SupportNonNullableReferenceTypes();
            // A message (a note, a reason, a name) is a string in the request's language in JSON.
            o.MapType<Text>(() => new OpenApiSchema { Type = JsonSchemaType.String });
            // The endpoint's own Name (e.g. RegisterCadre), which Wolverine adds after its generated one.
            o.CustomOperationIds(d => d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName);
            o.AddSecurityDefinition(ApiKeyAuthentication.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthentication.Header,
                Description = "An API key issued by an administrator (or the bootstrap key from Auth:BootstrapAdminKey).",
            });
            o.OperationFilter<FileBodyFilter>();
            o.OperationFilter<AccessAndErrorsFilter>();
            o.SchemaFilter<ExampleFilter>();
            o.OperationFilter<MovedRouteFilter>();
            o.DocumentFilter<ModuleTagsFilter>();
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "CapabilityOps v1");
            o.RoutePrefix = "swagger";
            o.DocumentTitle = "CapabilityOps API";
            o.EnablePersistAuthorization();
            o.DisplayOperationId();
        });
        return app;
    }

    /// <summary>States each operation's role and unit scope, its security, and the problem responses it can give.</summary>
    private sealed class AccessAndErrorsFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var policy = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(p => p is not null);
            var scope = metadata.OfType<IUnitScopeMetadata>().FirstOrDefault();
            var role = policy switch
            {
                AccessPolicies.Admin => "Admin",
                AccessPolicies.Write => "UnitWriter or Admin",
                AccessPolicies.Read => "Reader, UnitWriter or Admin",
                _ => null,
            };
            if (role is not null)
            {
                operation.Description = $"{operation.Description}\n\n**Role:** {role}. **Unit scope:** {scope?.Describe() ?? "none"}.".Trim();
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, context.Document)] = [] }];
            }

            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
            operation.Responses ??= new OpenApiResponses();
            var isPost = context.ApiDescription.HttpMethod == "POST";
            var hasBody = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form")
                          || metadata.OfType<FileBodyAttribute>().Any();
            if (hasBody || context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Query"))
                Add(operation, "400", "Invalid input: `errors` names each field and the reason; nothing was recorded.", validation);
            if (role is not null)
            {
                Add(operation, "401", "No API key, or an unknown, revoked or expired one.", problem);
                Add(operation, "403", "The key's role may not use this route, or the unit is outside the key's scope; nothing was recorded.", problem);
                Add(operation, "429", "Too many requests for this key; retry after the `Retry-After` seconds.", problem);
            }
            if (hasBody)
            {
                Add(operation, "413", "The body is larger than this route allows.", problem);
                Add(operation, "415", "The body is not of a supported media type.", problem);
            }
            if (isPost)
            {
                Add(operation, "422", "The Idempotency-Key was used before with a different request.", problem);
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyMiddleware.Header, In = ParameterLocation.Header, Required = false,
                    Description = "Makes a retry safe: the same key and body return the first response and record nothing new.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyMiddleware.MaxKeyLength },
                });
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = RecordingHeaders.SourceHttpHeader, In = ParameterLocation.Header, Required = false,
                    Description = "The calling system's name, kept as `source` on every fact this request records.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = RecordingMiddleware.MaxSourceLength },
                });
            }
            // Wolverine lists IResult-returning endpoints as "200 IResult"; the real answers are listed above.
            foreach (var status in operation.Responses.Where(r => r.Value.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true)
                         .Select(r => r.Key).ToList())
                operation.Responses.Remove(status);
            Add(operation, "404", "Nothing with that identity (or, with `asOf`, not yet at that instant).", problem, onlyIfListed: true);
            Add(operation, "409", "A duplicate, or a concurrent change to the same record; nothing was recorded.", problem, onlyIfListed: true);
        }

        /// <summary>Lists a problem response, keeping a problem schema already there.</summary>
        private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema, bool onlyIfListed = false)
        {
            var listed = operation.Responses!.TryGetValue(status, out var existing);
            if (onlyIfListed && !listed) return;
            var content = existing?.Content?.TryGetValue("application/problem+json", out var media) == true ? media : new OpenApiMediaType { Schema = schema };
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = content },
            };
        }
    }

    /// <summary>Describes the body of routes marked <see cref="FileBodyAttribute"/>, which read it themselves (file imports).</summary>
    /// <summary>Marks a route that moved (<see cref="MovedRouteAttribute"/>) deprecated and names the route to use.</summary>
    private sealed class MovedRouteFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<MovedRouteAttribute>().FirstOrDefault() is not { } moved) return;
            operation.Deprecated = true;
            operation.Description = $"Moved to `POST {moved.NewRoute}`: answers 308 Permanent Redirect there (the client repeats the POST with its body). " +
                                    "Kept for one release." + (operation.Description is { Length: > 0 } more ? "\n\n" + more : "");
        }
    }

    private sealed class FileBodyFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var file = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<FileBodyAttribute>().FirstOrDefault();
            if (file is null) return;

            var content = new Dictionary<string, IOpenApiMediaType>
            {
                ["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [file.FormField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                        Required = new HashSet<string> { file.FormField },
                    },
                },
            };
            foreach (var type in file.RawContentTypes)
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        }
    }

    /// <summary>What each module's group of operations is for (the Swagger UI's sections).</summary>
    public static readonly IReadOnlyDictionary<string, string> Modules = new Dictionary<string, string>
    {
        ["Administration"] = "API keys: who may call what, on which units.",
        ["Organization"] = "Units (the bureau's tree) and cadres: registration, transfers, rank changes, education; a cadre's record now, as known at an instant or on a business day (ORG-1..3).",
        ["Learning"] = "Study hours, imports, study sessions, contests and culture activities (LRN-1..7).",
        ["ServiceVisits"] = "Grassroots visits, assisted enterprises, research articles and suggestions (SVC-1, SVC-2).",
        ["Talent"] = "Titles and commendations (TRN-7, CARE-4, APR-3); talent pool, mentoring, rotation and care join here.",
        ["Discipline"] = "Sanctions (DSC-3, confidential); codes of conduct and warning education join here.",
        ["Appraisal"] = "Rulebook, compliance views, appraisal scores, monthly reports (APR, RPT).",
        ["Audit"] = "History replay, as-of views, dossiers and tamper evidence (U-2).",
    };

    /// <summary>Describes each module's tag, in the order above, and drops schemas no operation uses.</summary>
    private sealed class ModuleTagsFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                .Select(t => t.Name).ToHashSet();
            document.Tags = new HashSet<OpenApiTag>(Modules.Where(m => used.Contains(m.Key)).Select(m => new OpenApiTag { Name = m.Key, Description = m.Value }));
            document.Components?.Schemas?.Remove("IResult");
        }
    }

    /// <summary>Shows the example body of request types that implement <see cref="IHasExample{TSelf}"/>.</summary>
    private sealed class ExampleFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            var exampleInterface = context.Type.GetInterfaces()
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasExample<>));
            if (exampleInterface is null || schema is not OpenApiSchema concrete) return;
            var example = context.Type.GetProperty("Example", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null);
            if (example is null) return;
            // The document is OpenAPI 3.0, whose schemas carry a single `example` (3.1's `examples` would be dropped).
#pragma warning disable CS0618
            concrete.Example = JsonNode.Parse(JsonSerializer.Serialize(example, context.Type, json.Value.SerializerOptions));
#pragma warning restore CS0618
        }
    }
}
