using CapabilityOps.Appraisal;
using CapabilityOps.Audit;
using CapabilityOps.Dashboard;
using CapabilityOps.Discipline;
using CapabilityOps.Equipment;
using CapabilityOps.Host.Access;
using CapabilityOps.Host.Infrastructure;
using CapabilityOps.Informatization;
using CapabilityOps.Learning;
using CapabilityOps.Notifications;
using CapabilityOps.Organization;
using CapabilityOps.ServiceVisits;
using CapabilityOps.Talent;
using CapabilityOps.Training;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();

builder.Services
    .AddAccess()
    .AddOrganizationModule()
    .AddLearningModule()
    .AddServiceVisitsModule()
    .AddTalentModule()
    .AddTrainingModule()
    .AddDisciplineModule()
    .AddEquipmentModule()
    .AddInformatizationModule()
    .AddAppraisalModule()
    .AddAuditModule()
    .AddNotificationsModule()
    .AddDashboard()
    .TuneProjections();

var app = builder.Build();
app.UseDashboardAssets(); // the dashboard's static files, the same for everyone: before authentication
app.UsePlatform();
app.MapDashboard();
CapabilityOps.Host.Operations.BenchBaseline.Map(app); // only with Bench:BaselineEndpoints=true (build/bench)

// `projections rebuild` is the host's own rebuild (the modules' fast paths included), the rest JasperFx's command line
if (CapabilityOps.Host.Operations.RebuildProjectionsCommand.Handles(args)) return await CapabilityOps.Host.Operations.RebuildProjectionsCommand.RunAsync(app, args);
// The JasperFx command line: `run` (default), `db-apply`, `codegen write`, `projections`, … (docs/OPERATIONS.md).
return await app.RunJasperFxCommands(args);

/// <summary>The host's entry point; public so the API tests can start it.</summary>
public partial class Program;
