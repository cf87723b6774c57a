using CapabilityOps.Bench.Generation;
using CapabilityOps.Organization.Cadres;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.Talent.Care;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Mentoring;
using CapabilityOps.Talent.Placements;
using CapabilityOps.Talent.Pools;
using Shouldly;
using Xunit;

namespace CapabilityOps.Bench.Tests;

/// <summary>The generated talent and care facts are there, and each is one the API accepts (decided by the slices' own rules).</summary>
public class TalentFactsTests
{
    private static readonly GenerationPlan Plan = new(Cadres: 400, Years: 3, Seed: 8, LastYear: 2025, Today: new DateOnly(2025, 12, 31));

    [Fact]
    public void Flags_talks_checks_visits_placements_pools_and_mentorships_are_generated_and_accepted_as_the_API_would()
    {
        var streams = new FactGenerator(Plan).Streams().ToList();
        var all = streams.SelectMany(s => s.Events).ToList();
        foreach (var type in new[] { typeof(CareFlagsSet), typeof(HeartToHeartTalkHeld), typeof(HealthCheckRecorded), typeof(HolidayVisitPaid),
                     typeof(CadrePlaced), typeof(TalentPoolEntered), typeof(TalentPoolExited), typeof(MentorshipStarted) })
            all.ShouldContain(e => e.GetType() == type, type.Name);
        all.OfType<HolidayVisitPaid>().ShouldContain(v => streams.Any(s => s.Events.OfType<CadreDeparted>().Any(d => d.StaffNo == v.StaffNo && d.EffectiveOn < v.VisitedOn)),
            "a retired cadre is visited after leaving");

        var records = new Dictionary<string, CadreRecord>();
        foreach (var stream in streams.Where(s => s.Key.StartsWith("cadre:", StringComparison.Ordinal)))
        {
            var record = CadreRecordFold.Apply(null, stream.Key, stream.Events[0])!;
            foreach (var fact in stream.Events.Skip(1))
            {
                var decision = fact switch
                {
                    CareFlagsSet f => SetCareFlagsEndpoint.Decide(new SetCareFlags(f.Retired, f.Veteran, f.Hardship, f.VillageStationed, f.Talent, f.EffectiveOn), record, Plan.Today),
                    HeartToHeartTalkHeld t => RecordTalkEndpoint.Decide(new RecordTalk(t.HeldOn, t.By), record, Plan.Today),
                    HealthCheckRecorded c => RecordHealthCheckEndpoint.Decide(new RecordHealthCheck(c.CheckedOn), record, Plan.Today),
                    HolidayVisitPaid v => RecordHolidayVisitEndpoint.Decide(new RecordHolidayVisit(v.Festival, v.Year, v.VisitedOn, v.By), record, Plan.Today),
                    CadrePlaced p => PlacementEndpoints.Decide(new RecordPlacement(p.Kind, p.Direction, p.HostOrganisation, p.From, p.To), p.PlacementId, record, Plan.Today),
                    _ => null,
                };
                if (decision is not null) decision.Events.ShouldBe([fact], $"{stream.Key} {fact} {decision.Problem?.Detail}");
                record = CadreRecordFold.Apply(record, stream.Key, fact)!;
            }
            records[record.StaffNo] = record;
        }

        foreach (var stream in streams.Where(s => s.Key.StartsWith("talent-pool:", StringComparison.Ordinal)))
        {
            TalentPool? pool = null;
            foreach (var fact in stream.Events)
            {
                var decision = fact switch
                {
                    TalentPoolEntered e => TalentPoolEndpoints.DecideEntry(e.Post, pool, new EnterTalentPool(e.StaffNo, e.Since, e.Reason), records[e.StaffNo], Plan.Today),
                    TalentPoolExited x => TalentPoolEndpoints.DecideExit(x.Post, pool, new ExitTalentPool(x.StaffNo, x.On, x.Reason), Plan.Today),
                    _ => throw new InvalidOperationException(fact.ToString()),
                };
                decision.Events.ShouldBe([fact], $"{stream.Key} {fact} {decision.Problem?.Detail}");
                pool = TalentPoolProjection.Apply(pool, stream.Key, fact);
            }
        }

        foreach (var started in all.OfType<MentorshipStarted>())
            MentorshipEndpoints.DecideStart(new StartMentorship(started.Mentor, started.Mentee, started.From), started.MentorshipId, records[started.Mentor], [],
                records[started.Mentee], false, 2, Plan.Today).Events.ShouldBe([started]);
    }
}
