using CapabilityOps.Bench.Generation;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;

using Shouldly;
using Xunit;

namespace CapabilityOps.Bench.Tests;

/// <summary>The generator's discipline facts: codes and their acknowledgements, sessions with attendance, a few admonitions.</summary>
public class DisciplineFactsTests
{
    private static readonly GenerationPlan Plan = new(Cadres: 1500, Years: 5, Seed: 7, LastYear: 2025, Today: new DateOnly(2025, 12, 31));

    [Fact]
    public void Acknowledgements_go_only_to_the_ranks_a_code_applies_to_and_every_session_s_attendees_carry_their_attendance()
    {
        var streams = new FactGenerator(Plan).Streams().ToList();
        streams.Count(s => s.Key.StartsWith("code-of-conduct:", StringComparison.Ordinal)).ShouldBe(2);
        var sessions = streams.Where(s => s.Key.StartsWith("discipline-session:", StringComparison.Ordinal)).Select(s => (DisciplineSessionHeld)s.Events.Single()).ToList();
        sessions.Count(s => s.Kind == DisciplineSessionKind.WarningEducation).ShouldBeGreaterThan(10);

        var cadreEvents = streams.Where(s => s.Key.StartsWith("cadre:", StringComparison.Ordinal)).SelectMany(s => s.Events).ToList();
        var attended = cadreEvents.OfType<DisciplineSessionAttended>().Select(a => (a.SessionId, a.StaffNo)).ToHashSet();
        attended.Count.ShouldBe(sessions.Sum(s => s.Attendees.Count));
        sessions.SelectMany(s => s.Attendees.Select(a => (s.SessionId, a))).ShouldAllBe(p => attended.Contains(p));

        var acknowledgements = cadreEvents.OfType<CodeOfConductAcknowledged>().ToList();
        acknowledgements.Count.ShouldBeGreaterThan(1000);
        var ranks = streams.Where(s => s.Key.StartsWith("cadre:", StringComparison.Ordinal)).ToDictionary(
            s => ((CadreRegistered)s.Events[0]).StaffNo,
            s => s.Events.OfType<CadreRankChanged>().Select(r => new Dated<Rank>(r.ToRank, r.EffectiveOn)).Prepend(new Dated<Rank>(((CadreRegistered)s.Events[0]).Rank, DateOnly.MinValue)).ToList());
        acknowledgements.Where(a => a.Version == "KJGF-2020").ShouldAllBe(a => Dated<Rank>.At(ranks[a.StaffNo], a.On) != Rank.Staff);
        cadreEvents.OfType<AdmonitionGiven>().Count().ShouldBeGreaterThan(0);
    }
}
