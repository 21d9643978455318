using CnnApi.ApiDocs;
using CnnApi.Architectures;
using CnnApi.Auth;
using CnnApi.Errors;
using CnnApi.Health;
using CnnApi.Logging;
using CnnApi.Metrics;
using CnnApi.Models;
using CnnApi.Predictions;
using CnnApi.Security;
using CnnApi.Storage;
using CnnApi.TrainingJobs;
using CnnApi.WebPage;
using CnnApi.Workers;

if (args is [FetchDatasetsCommand.Name, ..]) return await FetchDatasetsCommand.RunAsync(args);
if (args is [HealthcheckCommand.Name, ..]) return await HealthcheckCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddLogging();
builder.AddErrors();
builder.AddSecurity();
builder.AddApiDocs();
builder.AddStorage();
builder.AddAuth();
builder.AddArchitectures();
builder.AddTrainingJobs();
builder.AddWorkers();
builder.AddModels();
builder.AddPredictions();
builder.AddHealth();
builder.AddMetrics();

var app = builder.Build();
CnnApi.TrainingJobs.FaultPause.Arm(app.Configuration, app.Logger); // tests only (Faults:PauseAt); nothing when unset
app.UseErrors();
app.UseSecurity();
app.UseRequestLogging();
app.UseMetrics();
app.UseApiDocs();
app.UseWebPage();

app.MapArchitectures();
app.MapTrainingJobs();
app.MapWorkers();
app.MapModels();
app.MapPredictions();
app.MapHealth();
app.MapMetrics();

await app.MigrateStorageAsync();
app.Services.GetRequiredService<ApiKeys>(); // generates and logs the key file at first start
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
