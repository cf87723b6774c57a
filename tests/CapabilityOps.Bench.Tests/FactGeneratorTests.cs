using System.Text.Json;
using CapabilityOps.Bench.Generation;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Cadres;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts.Events;
using Shouldly;
using Xunit;

namespace CapabilityOps.Bench.Tests;

public class FactGeneratorTests
{
    private static readonly GenerationPlan Plan = new(Cadres: 150, Years: 2, Seed: 8, LastYear: 2025, Today: new DateOnly(2025, 12, 31), LongStreamEvents: 1000);

    private static string Serialized(GenerationPlan plan) =>
        string.Join('\n', new FactGenerator(plan).Streams().Select(s => s.Key + " " + string.Join(';', s.Events.Select(e => e.GetType().Name + JsonSerializer.Serialize(e, e.GetType())))));

    [Fact]
    public void The_same_seed_makes_the_same_events_and_another_seed_other_events()
    {
        var first = Serialized(Plan);
        Serialized(Plan).ShouldBe(first);
        Serialized(Plan with { Seed = 9 }).ShouldNotBe(first);
    }

    [Fact]
    public void Facts_are_ones_the_API_accepts_no_day_over_24_hours_none_before_joining_or_after_today()
    {
        foreach (var stream in new FactGenerator(Plan).Streams().Where(s => s.Key.StartsWith("cadre:", StringComparison.Ordinal)))
        {
            var registered = stream.Events[0].ShouldBeOfType<CadreRegistered>();
            var hoursByDay = new Dictionary<DateOnly, decimal>();
            foreach (var fact in stream.Events.Skip(1))
            {
                var day = fact switch
                {
                    StudyHoursLogged s => s.StudiedOn,
                    LearningSessionAttended a => a.HeldOn,
                    GrassrootsVisitRecorded v => v.To,
                    _ => (DateOnly?)null,
                };
                if (day is not { } d) continue;
                d.ShouldBeGreaterThanOrEqualTo(registered.JoinedOn, stream.Key);
                d.ShouldBeLessThanOrEqualTo(Plan.Today, stream.Key);
                var hours = fact switch { StudyHoursLogged s => s.Hours, LearningSessionAttended a => a.CreditedHours, _ => 0m };
                hoursByDay[d] = hoursByDay.GetValueOrDefault(d) + hours;
                hoursByDay[d].ShouldBeLessThanOrEqualTo(24m, $"{stream.Key} on {d}");
            }
        }
    }

    [Fact]
    public void About_3_percent_leave_each_year_a_few_return_and_no_fact_falls_while_away_as_the_API_would_refuse_it()
    {
        var plan = Plan with { Cadres = 2_000, LongStreamEvents = 0 };
        var generator = new FactGenerator(plan);
        var departures = generator.Profiles.SelectMany(p => p.Departures).ToList();
        (departures.Count / (double)plan.Cadres / plan.Years).ShouldBeInRange(0.02, 0.04);
        departures.ShouldContain(d => d.Kind == DepartureKind.Retired);
        departures.ShouldContain(d => d.Kind == DepartureKind.TransferredOut);
        departures.ShouldContain(d => d.ReturnedOn != null);

        var today = plan.Today;
        foreach (var stream in generator.Streams().Where(s => s.Key.StartsWith("cadre:", StringComparison.Ordinal)))
        {
            // Decided as the API decides them: each fact through the cadre-fact appender's date checks, on the record folded so far.
            var record = CadreRecordFold.Apply(null, stream.Key, stream.Events[0])!;
            foreach (var fact in stream.Events.Skip(1))
            {
                var (field, day) = fact switch
                {
                    StudyHoursLogged s => ("studiedOn", s.StudiedOn),
                    LearningSessionAttended a => ("heldOn", a.HeldOn),
                    GrassrootsVisitRecorded v => ("to", v.To),
                    CadreTransferred t => ("effectiveOn", t.EffectiveOn),
                    CadreRankChanged r => ("effectiveOn", r.EffectiveOn),
                    _ => (null, default(DateOnly)),
                };
                if (field is not null) FactDate.WhileCadre(field, day).Check(record, today).ShouldBeNull($"{stream.Key} {fact}");
                switch (fact)
                {
                    case CadreDeparted d:
                        RecordDepartureEndpoint.Decide(new RecordDeparture(d.Kind, d.EffectiveOn, d.Reason), record, today).Events
                            .ShouldBe([d], $"{stream.Key} {fact}");
                        break;
                    case CadreReturned r:
                        RecordReturnEndpoint.Decide(new RecordReturn(r.EffectiveOn, r.UnitCode), record, new UnitRecord { Code = r.UnitCode }, today).Events
                            .ShouldBe([r], $"{stream.Key} {fact}");
                        break;
                    case CadreTransferred t:
                        TransferCadreEndpoint.Decide(new TransferCadre(t.ToUnitCode, t.EffectiveOn), record, new UnitRecord { Code = t.ToUnitCode }, today).Events
                            .ShouldBe([t], $"{stream.Key} {fact}");
                        break;
                }
                record = CadreRecordFold.Apply(record, stream.Key, fact)!;
            }
        }
    }

    [Fact]
    public void The_as_of_cadre_has_a_stream_of_the_asked_length_and_duplicate_keys_are_unique()
    {
        var streams = new FactGenerator(Plan).Streams().ToList();
        streams.Single(s => s.Key == "cadre:" + FactGenerator.LongStreamStaffNo).Events.Count.ShouldBe(1000);
        var keys = streams.SelectMany(s => s.Events).OfType<StudyHoursLogged>().Select(e => e.DuplicateKey).OfType<string>().ToList();
        keys.Distinct().Count().ShouldBe(keys.Count);
    }
}
