using System.Reflection;
using CapabilityOps.SharedKernel;
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
                Description = "Records the facts of the bureau's cadre-capability programme and answers compliance and appraisal. " +
                              "Dates are YYYY-MM-DD, instants RFC 3339 with offset; years and quarters are China Standard Time. " +
                              "Errors are RFC 9457 problem details.",
            });
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "CapabilityOps.*.xml"))
                o.IncludeXmlComments(xml, includeControllerXmlComments: true);
            o.SupportNonNullableReferenceTypes();
            o.CustomOperationIds(d => d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
            o.OperationFilter<FileBodyOperationFilter>();
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
        });
        return app;
    }

    internal static string? XmlFileOf(Assembly assembly) => Path.ChangeExtension(assembly.Location, ".xml");
}

/// <summary>Describes the body of routes marked <see cref="FileBodyAttribute"/>, which read it themselves.</summary>
internal sealed class FileBodyOperationFilter : IOperationFilter
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
