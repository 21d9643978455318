using System.Reflection;
using CnnApi.Auth;
using Microsoft.OpenApi;

namespace CnnApi.ApiDocs;

/// <summary>Swagger UI at <c>/swagger</c> over the OpenAPI document (<c>/swagger/v1/swagger.json</c>, committed as docs/openapi.json),
/// with XML doc comments, examples, the API-key scheme and <c>servers</c> from ApiDocs:ServerUrl or the request.</summary>
public static class ApiDocsSetup
{
    public const string ApiKeyScheme = "ApiKey";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiDocsOptions>().BindConfiguration("ApiDocs").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CnnApi",
                Version = "v1",
                Description = "Keras-exact summaries of convolutional networks, MNIST training jobs and digit predictions.",
            });
            foreach (var assembly in new[] { typeof(Program).Assembly, typeof(Architectures.Spec.Architecture).Assembly, typeof(Torch.Training.Callbacks.EarlyStopping).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml)) options.IncludeXmlComments(xml);
            }
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.HeaderName,
                Description = "Needed by start, cancel, delete and promote. Without configured keys, the server writes one to <Storage:Root>/api-key.",
            });
            // Nullability from the C# annotations; a nullable reference to a schema becomes allOf + nullable (3.0 cannot say it otherwise).
            options.SupportNonNullableReferenceTypes();
            options.UseAllOfToExtendReferenceSchemas();
            options.SchemaFilter<ResponsePropertiesSchemaFilter>();
            options.SchemaFilter<OneOfSchemaFilter>();
            options.SchemaFilter<NullableReferenceSchemaFilter>();
            options.SchemaFilter<LayerSpecSchemaFilter>();
            options.SchemaFilter<PresetSchemaFilter>();
            options.DocumentFilter<ApiDocsDocumentFilter>();
            options.OperationFilter<ApiDocsOperationFilter>();
        });
        return builder;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        var serverUrl = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiDocsOptions>>().Value.ServerUrl;
        app.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer
            {
                Url = string.IsNullOrEmpty(serverUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : serverUrl.TrimEnd('/'),
            }]));
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "CnnApi v1");
            options.DocumentTitle = "CnnApi";
        });
        return app;
    }

    /// <summary>Attaches a request-body example shown (and pre-filled) in Swagger UI.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder endpoint, object example, string contentType = "application/json") =>
        endpoint.WithMetadata(new RequestExampleMetadata(example, contentType));

    internal static string AssemblyVersion => typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}

/// <summary>A request-body example for Swagger, attached with <see cref="ApiDocsSetup.WithRequestExample"/>.</summary>
public sealed record RequestExampleMetadata(object Example, string ContentType);
