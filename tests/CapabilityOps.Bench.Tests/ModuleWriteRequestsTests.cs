using System.Text.Json;
using System.Text.Json.Serialization;
using CapabilityOps.Bench.Generation;
using CapabilityOps.Bench.Scenarios;
using CapabilityOps.Discipline.Admonitions;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Register;
using CapabilityOps.Talent.Care;
using CapabilityOps.Training.Trainings;
using FluentValidation;
using Shouldly;
using Xunit;

namespace CapabilityOps.Bench.Tests;

/// <summary>The module write scenarios' requests: each one valid (the route's validator, and the asset's decision) and new, so a 409 or 400 in a run is the route's.</summary>
public class ModuleWriteRequestsTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly string[] Staff = [.. Enumerable.Range(1, 50).Select(i => $"E{i:000000}")];
    private const int Requests = 50 * 80;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };

    private static List<(string Path, T Command)> Posted<T>(Func<long, (string Path, object Body)> request) =>
        [.. Enumerable.Range(0, Requests).Select(n => request(n)).Select(r => (r.Path, JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(r.Body), Json)!))];

    private static void Valid<T>(IValidator<T> validator, IEnumerable<(string Path, T Command)> posted)
    {
        foreach (var (path, command) in posted)
        {
            var result = validator.Validate(command);
            result.IsValid.ShouldBeTrue($"{path}: {string.Join("; ", result.Errors.Select(e => e.PropertyName + " " + e.ErrorMessage))}");
        }
    }

    private static void InThisYearSoFar(IEnumerable<DateOnly> days)
    {
        var list = days.ToList();
        list.ShouldAllBe(d => d >= new DateOnly(Today.Year, 1, 1) && d <= Today);
        list.Distinct().Count().ShouldBe(Today.DayNumber - new DateOnly(Today.Year, 1, 1).DayNumber + 1, "the days spread over the year so far");
    }

    [Fact]
    public void Trainings_are_valid_spread_over_the_cadres_and_days_and_never_repeat_an_external_id()
    {
        var posted = Posted<RecordTraining>(ModuleWriteScenarios.Trainings(Staff, Today, "run1"));
        Valid(new RecordTrainingValidator(), posted);
        InThisYearSoFar(posted.Select(p => p.Command.From!.Value));
        posted.Select(p => p.Path).Distinct().Count().ShouldBe(Staff.Length);
        posted.Select(p => (p.Path, p.Command.Organiser, p.Command.ExternalId)).Distinct().Count().ShouldBe(Requests);
    }

    [Fact]
    public void Talks_and_admonitions_are_valid_and_spread_over_the_cadres_and_days()
    {
        var talks = Posted<RecordTalk>(ModuleWriteScenarios.Talks(Staff, Today));
        Valid(new RecordTalkValidator(), talks);
        InThisYearSoFar(talks.Select(p => p.Command.HeldOn!.Value));
        var admonitions = Posted<GiveAdmonition>(ModuleWriteScenarios.Admonitions(Staff, Today));
        Valid(new GiveAdmonitionValidator(), admonitions);
        InThisYearSoFar(admonitions.Select(p => p.Command.On!.Value));
        admonitions.Select(p => p.Path).Distinct().Count().ShouldBe(Staff.Length);
    }

    [Fact]
    public void Maintenance_goes_to_every_generated_asset_in_service_and_each_asset_accepts_it()
    {
        var plan = new GenerationPlan(Cadres: 50, Years: 1, Seed: 8, LastYear: Today.Year - 1, Today: new DateOnly(Today.Year - 1, 12, 31));
        var assets = EquipmentFacts.Streams(plan, BureauShape.Units).Where(s => s.Key.StartsWith("equipment:", StringComparison.Ordinal))
            .Select(s => s.Events.Aggregate((EquipmentRecord?)null, (a, e) => EquipmentRecord.Apply(a, s.Key, e))!).Where(a => a.InService)
            .ToDictionary(a => a.AssetNo);
        var posted = Posted<RecordMaintenance>(ModuleWriteScenarios.Maintenance([.. assets.Values.Select(a => (a.AssetNo, a.AcquiredOn))], Today));
        Valid(new RecordMaintenanceValidator(), posted);
        foreach (var (path, command) in posted)
        {
            var asset = assets[path.Split('/')[4]];
            RecordMaintenanceEndpoint.Decide(asset, command, Today).Problem.ShouldBeNull(path);
        }
        posted.Select(p => p.Path).Distinct().Count().ShouldBe(assets.Count);
    }
}
