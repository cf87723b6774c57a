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
                Title = "干部能力建设管理 API (CapabilityOps API)",
                Version = "v1",
                Description = "记录干部能力建设实施方案的各项事实，并给出合规与考核结果。\n\n" +
                              "* 认证：在 `X-Api-Key` 请求头中提供 API 密钥（Authorize 按钮）。每个接口注明所需角色及单位范围：UnitWriter 或 Reader 密钥只能操作本单位及下级单位。\n" +
                              "* 日期为 `YYYY-MM-DD`，时刻为带时区偏移的 RFC 3339；年度和季度按北京时间计算。\n" +
                              "* 任何 POST 都可带 `Idempotency-Key`：同一键、同一请求体返回首次响应（相同的状态码、响应体、`Content-Type` 和 `Location`，并带响应头 `Idempotent-Replayed: true`），即使首次响应在途中丢失也是如此，且不重复记录；不同请求体返回 422。键至少保留 24 小时。\n" +
                              "* 错误为 RFC 9457 problem details（`type` 指向 `/problems/{name}` 说明页）；校验失败在 `errors` 中逐项列出字段。\n" +
                              "* 消息默认为简体中文；请求头 `Accept-Language: en` 时为英文。字段名、枚举值、规则编号和路径不随语言变化。\n\n" +
                              "Records the facts of the bureau's cadre-capability programme and answers compliance and appraisal.\n\n" +
                              "* Authenticate with an API key in `X-Api-Key` (Authorize button). Each operation says the role it needs " +
                              "and how its unit scope is decided: a UnitWriter or Reader key acts on its unit and the units below it.\n" +
                              "* Dates are `YYYY-MM-DD`, instants RFC 3339 with offset; years and quarters are China Standard Time.\n" +
                              "* Any POST may carry `Idempotency-Key`; a repeat with the same body returns the first response (the same status, body, " +
                              "`Content-Type` and `Location`, marked `Idempotent-Replayed: true`), also when the first response was lost on its way, " +
                              "and records nothing new; with another body it is a 422. Keys are kept at least 24 hours.\n" +
                              "* Errors are RFC 9457 problem details (their `type` links to a page under `/problems/`); validation failures name each field in `errors`.\n" +
                              "* Messages are in Simplified Chinese by default, in English with `Accept-Language: en`; field names, enum values, rule IDs and routes are the same in both.",
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
            o.OperationFilter<LanguageFilter>();
            o.OperationFilter<AccessAndErrorsFilter>();
            o.SchemaFilter<ExampleFilter>();
            o.SchemaFilter<TextSchemaFilter>();
            o.SchemaFilter<SchemaLanguageFilter>();
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
            // An operation has an address (#/Organization/RegisterCadre): a link to it opens it.
            o.EnableDeepLinking();
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
                AccessPolicies.Read => "Reader, UnitWriter, DisciplineOfficer or Admin",
                AccessPolicies.Discipline => "DisciplineOfficer or Admin",
                AccessPolicies.WriteOrDiscipline => "UnitWriter, DisciplineOfficer or Admin",
                _ => null,
            };
            if (role is not null)
            {
                var scopeText = scope switch
                {
                    ScopedToCadreAttribute cadre => Msg("Scope.Cadre", cadre.RouteParameter),
                    ScopedToUnitAttribute unit => Msg("Scope.Unit", unit.RouteParameter),
                    ScopedByBodyAttribute body => Msg("Scope.Body", body.Field),
                    NotUnitScopedAttribute => Msg("Scope.None"),
                    _ => Msg("Scope.None"),
                };
                operation.Description = ($"{operation.Description}\n\n**角色：** {role.Replace(" or ", " 或 ", StringComparison.Ordinal)}。" +
                                         $"**单位范围：** {scopeText.ToString(Languages.Chinese)}。\n\n" +
                                         $"**Role:** {role}. **Unit scope:** {scope?.Describe() ?? "none"}.").Trim();
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, context.Document)] = [] }];
            }

            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
            operation.Responses ??= new OpenApiResponses();
            var isPost = context.ApiDescription.HttpMethod == "POST";
            var hasBody = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form")
                          || metadata.OfType<FileBodyAttribute>().Any();
            if (hasBody || context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Query"))
                Add(operation, "400", "输入无效：`errors` 逐项列出字段及原因，未记录任何内容。(Invalid input: `errors` names each field and the reason; nothing was recorded.)", validation);
            if (role is not null)
            {
                Add(operation, "401", "缺少 API 密钥，或密钥无法识别（未知、已撤销或已过期）。(No API key, or one that is not recognised: unknown, revoked or expired.)", problem);
                Add(operation, "403", "密钥的角色不能使用此接口，或单位不在密钥范围内；未记录任何内容。(The key's role may not use this route, or the unit is outside the key's scope; nothing was recorded.)", problem);
                Add(operation, "429", "此密钥请求过多；请在 `Retry-After` 秒后重试。(Too many requests for this key; retry after the `Retry-After` seconds.)", problem);
            }
            if (hasBody)
            {
                Add(operation, "413", "请求体超过此接口允许的大小。(The body is larger than this route allows.)", problem);
                Add(operation, "415", "请求体的媒体类型不受支持；`detail` 列出接受的类型。(The body is not of a supported media type; `detail` names the accepted ones.)", problem);
            }
            if (isPost)
            {
                Add(operation, "422", "该 Idempotency-Key 已用于另一个不同的请求。(The Idempotency-Key was used before with a different request.)", problem);
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyMiddleware.Header, In = ParameterLocation.Header, Required = false,
                    Description = "使重试安全：同一键、同一请求体返回首次响应（状态码、响应体、`Location` 均相同，带 `Idempotent-Replayed: true`），不重复记录。" +
                                  "(Makes a retry safe: the same key and body return the first response — the same status, body and `Location`, marked " +
                                  "`Idempotent-Replayed: true` — and record nothing new.)",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyMiddleware.MaxKeyLength },
                });
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = RecordingHeaders.SourceHttpHeader, In = ParameterLocation.Header, Required = false,
                    Description = "调用系统的名称，作为 `source` 保存在本请求记录的每条事实上。(The calling system's name, kept as `source` on every fact this request records.)",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = RecordingMiddleware.MaxSourceLength },
                });
            }
            // Wolverine lists IResult-returning endpoints as "200 IResult"; the real answers are listed above.
            foreach (var status in operation.Responses.Where(r => r.Value.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true)
                         .Select(r => r.Key).ToList())
                operation.Responses.Remove(status);
            Add(operation, "404", "没有该标识的对象（或在 `asOf` 时刻尚不存在）。(Nothing with that identity, or, with `asOf`, not yet at that instant.)", problem, onlyIfListed: true);
            Add(operation, "409", "重复记录，或同一记录被并发修改；未记录任何内容。(A duplicate, or a concurrent change to the same record; nothing was recorded.)", problem, onlyIfListed: true);
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

    /// <summary>
    /// Each operation's summary in Chinese with the English beside it — <c>Operation.{operationId}</c> in the messages of the
    /// endpoint's module, e.g. "登记干部 (Register a cadre)" — and its description without Wolverine's internal handler name;
    /// the English summary of the doc comment, when it says more, opens the description; the description is Chinese first,
    /// <c>Operation.{operationId}.Remarks</c>, with the English after it.
    /// </summary>
    private sealed class LanguageFilter : IOperationFilter
    {
        private static readonly System.Text.RegularExpressions.Regex HandlerName = new(@"^(GET|POST|PUT|DELETE|PATCH|HEAD)_\w+$");

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var internalNames = metadata.OfType<IEndpointNameMetadata>().Select(n => n.EndpointName).Where(n => n != operation.OperationId).ToList();
            var description = operation.Description ?? "";
            foreach (var name in internalNames.Where(n => description.StartsWith(n, StringComparison.Ordinal)))
                description = description[name.Length..].TrimStart();

            var catalog = context.MethodInfo is { DeclaringType: { } type } ? MessageCatalog.Of(type.Assembly) : null;
            var key = $"Operation.{operation.OperationId}";
            if (catalog?.Template(key, Languages.Chinese) is { } chinese && catalog.Template(key, Languages.English) is { } english)
            {
                var comment = operation.Summary?.Trim();
                operation.Summary = $"{chinese} ({english})";
                if (comment is { Length: > 0 } && !string.Equals(comment.TrimEnd('.'), english, StringComparison.OrdinalIgnoreCase))
                    description = description.Length == 0 ? comment : $"{comment}\n\n{description}";
            }
            // The longer description, Chinese first: Operation.{operationId}.Remarks, whose English is the doc comment's
            // remarks (with its summary when that says more), so the description reads in both languages as the summary does.
            if (catalog?.Template($"{key}.Remarks", Languages.Chinese) is { } chineseRemarks && catalog.Template($"{key}.Remarks", Languages.English) is { } englishRemarks)
                description = $"{chineseRemarks}\n\n{englishRemarks}";
            // Wolverine's generated handler name (GET_api_v1_units_code) is no description.
            description = string.Join("\n\n", description.Split("\n\n").Where(p => !HandlerName.IsMatch(p.Trim()))).Trim();
            operation.Description = description.Length == 0 ? null : description;

            // A parameter of this operation alone, Chinese first: Operation.{operationId}.Param.{name} in the module's messages.
            // The parameters every module shares: Parameter.{name} in the host's messages, beside the doc comment's English.
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Name is not { } name) continue;
                if (catalog?.Template($"{key}.Param.{name}", Languages.Chinese) is { } chineseParam && catalog.Template($"{key}.Param.{name}", Languages.English) is { } englishParam)
                    parameter.Description = $"{chineseParam} ({englishParam})";
                else if (Msg($"Parameter.{name}") is var label && label.ToString(Languages.Chinese) != label.Key)
                    parameter.Description = parameter.Description is { Length: > 0 } given ? $"{label.ToString(Languages.Chinese)} ({given})" : label.ToString(Languages.Chinese);
            }
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
            operation.Description = $"已迁移至 `POST {moved.NewRoute}`：以 308 永久重定向应答（客户端带请求体重发 POST），保留一个版本。\n\n" +
                                    $"Moved to `POST {moved.NewRoute}`: answers 308 Permanent Redirect there (the client repeats the POST with its body). " +
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
        ["Administration"] = "管理：API 密钥——谁可以在哪些单位调用什么。(API keys: who may call what, on which units.)",
        ["Organization"] = "组织：单位（局的单位树）与干部——登记、调动、职级变动、学历；干部档案的现状、某一时刻所知或某一业务日的情况（ORG-1..3）。" +
                           "(Units (the bureau's tree) and cadres: registration, transfers, rank changes, education; a cadre's record now, as known at an instant or on a business day.)",
        ["Learning"] = "学习：学时、导入、学习活动、竞赛与文化活动（LRN-1..7）。(Study hours, imports, study sessions, contests and culture activities.)",
        ["ServiceVisits"] = "服务基层：下基层、帮扶企业、调研文章与意见建议（SVC-1、SVC-2）。(Grassroots visits, assisted enterprises, research articles and suggestions.)",
        ["Talent and care"] = "人才与关怀：称号与表彰、编制与招录、人才库、导师结对、交流任职、提拔人选资格；谈心谈话、体检、关怀标识与节日慰问（TAL-1..5、CARE-1..4、APR-3）。" +
                              "(Titles and commendations, staffing and recruitment, talent pools, mentoring, placements, promotion eligibility; talks, health checks, care flags and holiday visits.)",
        ["Discipline"] = "纪律：行为规范及其确认、纪律教育活动、处分与诫勉（DSC-1..3；详情保密，仅在 …/discipline 查阅并留痕）。" +
                         "(Codes of conduct and their acknowledgement, discipline sessions, sanctions and admonitions; details confidential, read only at …/discipline, every read logged.)",
        ["Equipment"] = "装备与经费：装备台账、老化与维护、应急储备库、专项经费（EQP-1..4）。(The equipment register, ageing and upkeep, the emergency reserve depot, earmarked budget.)",
        ["Appraisal"] = "考核：规则手册、合规、考核得分、月报（APR、RPT）。(Rulebook, compliance views, appraisal scores, monthly reports.)",
        ["Notifications"] = "提醒与推送：截止前提醒、带签名的事实推送及其记录。(Reminders before deadlines, signed outbound notifications and their delivery log.)",
        ["Audit"] = "审计：履历回放、按时刻查询、干部档案与防篡改（U-2）。(History replay, as-of views, dossiers and tamper evidence.)",
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

    /// <summary>
    /// A <see cref="Text"/> is a string to the reader of the document: where its property says nothing of its own, the
    /// schema says what the string is, not how the server builds it (the class's doc comment).
    /// </summary>
    private sealed class TextSchemaFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (context.Type != typeof(Text) || schema is not OpenApiSchema concrete) return;
            if (concrete.Description is null || concrete.Description.StartsWith("A human-facing text:", StringComparison.Ordinal))
                concrete.Description = "请求语言（默认中文）的文字。(Text in the request's language, Chinese by default.)";
        }
    }

    /// <summary>
    /// Each described property of a request or response schema in Chinese with the English beside it:
    /// <c>Schema.{TypeName}.{PropertyName}</c> (the C# property) in the messages of the assembly that declares the type,
    /// "工号 (The cadre's staff number)"; the type's own description likewise from <c>Schema.{TypeName}</c>. The English is
    /// the doc comment's, kept in Messages.en.resx so both languages sit side by side and are held equal by MessagesTests.
    /// </summary>
    private sealed class SchemaLanguageFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema concrete || context.MemberInfo is not null || context.ParameterInfo is not null) return;
            var type = context.Type;
            if (type.IsGenericType || type.Assembly.GetName().Name?.StartsWith("CapabilityOps.", StringComparison.Ordinal) != true) return;
            var catalog = MessageCatalog.Of(type.Assembly);
            if (concrete.Description is { Length: > 0 } && Both(catalog, $"Schema.{type.Name}") is { } typeText)
                concrete.Description = typeText;
            foreach (var (name, property) in concrete.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (property.Description is not { Length: > 0 }) continue;
                var member = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.Name ?? name;
                if (Both(catalog, $"Schema.{type.Name}.{member}") is not { } text) continue;
                switch (property)
                {
                    case OpenApiSchema p: p.Description = text; break;
                    case OpenApiSchemaReference r: r.Description = text; break;
                }
            }
        }

        private static string? Both(MessageCatalog catalog, string key) =>
            catalog.Template(key, Languages.Chinese) is { } chinese && catalog.Template(key, Languages.English) is { } english && chinese != english
                ? $"{chinese} ({english})" : null;
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
