using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.Talent.Care;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Mentoring;
using CapabilityOps.Talent.Pools;

namespace CapabilityOps.Bench.Generation;

/// <summary>
/// The Talent and care module's generated facts: in each cadre's stream, care flags, a yearly talk and health check (most
/// cadres), holiday visits to flagged cadres (retired ones included) and the odd placement; in their own streams, the talent
/// pools of each post category and mentoring pairs of new staff with a section-level cadre of their unit. Every fact is one
/// the API accepts. A random sequence of its own per cadre, so the other modules' facts stay as they were.
/// </summary>
public sealed class TalentFacts
{
    private const double FlaggedShare = 0.08;
    private const double TalkShare = 0.9;
    private const double CheckShare = 0.85;
    private const double VisitShare = 0.8;
    private const double PlacementShare = 0.02;
    private const double PoolShare = 0.04;

    private readonly GenerationPlan _plan;

    public TalentFacts(GenerationPlan plan, IReadOnlyList<CadreProfile> cadres)
    {
        _plan = plan;
        Streams = [.. Pools(cadres), .. Mentorships(cadres)];
    }

    /// <summary>The pools' and the mentoring pairs' streams.</summary>
    public IReadOnlyList<GeneratedStream> Streams { get; }

    private Random RandomFor(int what, int index) =>
        new(unchecked((int)(((uint)_plan.Seed * 2654435761u) ^ ((uint)(2300 + what) * 40503u) ^ ((uint)index * 2246822519u)) & int.MaxValue));

    /// <summary>The cadre's talent and care facts, each with its business day, added to <paramref name="facts"/>.</summary>
    public void AddCadreFacts(CadreProfile cadre, List<(DateOnly Day, object Fact)> facts)
    {
        var random = RandomFor(1, cadre.Index);
        var start = cadre.JoinedOn > _plan.WindowStart ? cadre.JoinedOn : _plan.WindowStart;
        DateOnly? flaggedFrom = null;
        if (random.NextDouble() < FlaggedShare && cadre.IsMemberOn(start) && start <= _plan.WindowEnd)
        {
            var kind = random.Next(4);
            flaggedFrom = start;
            facts.Add((start, new CareFlagsSet(cadre.StaffNo, false, kind == 0, kind == 1, kind == 2, kind == 3, start)));
        }
        var retiredOn = cadre.Departures.FirstOrDefault(d => d.Kind == DepartureKind.Retired && d.ReturnedOn is null)?.LeftOn;

        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
        {
            if (cadre.MemberWindow(cadre.JoinedOn > new DateOnly(year, 1, 1) ? cadre.JoinedOn : new DateOnly(year, 1, 1),
                    new DateOnly(year, 12, 31) < _plan.WindowEnd ? new DateOnly(year, 12, 31) : _plan.WindowEnd) is { } window)
            {
                var (from, to) = window;
                if (random.NextDouble() < TalkShare)
                {
                    var day = Cadres.Between(random, from, to);
                    facts.Add((day, new HeartToHeartTalkHeld(cadre.StaffNo, day, random.Next(2) == 0 ? "党组书记" : "科室负责人")));
                }
                if (random.NextDouble() < CheckShare)
                {
                    var day = Cadres.Between(random, from, to);
                    facts.Add((day, new HealthCheckRecorded(cadre.StaffNo, day)));
                }
                if (random.NextDouble() < PlacementShare)
                {
                    var day = Cadres.Between(random, from, to);
                    var kind = (PlacementKind)random.Next(5);
                    DateOnly? until = random.Next(3) == 0 ? null : day.AddMonths(6 + random.Next(7));
                    facts.Add((day, new CadrePlaced(Cadres.Id(random), cadre.StaffNo, kind, (PlacementDirection)random.Next(3), "某县生态环境分局", day, until)));
                }
            }

            // Holiday visits to a flagged cadre, or a retired one, in the festival's month: on a day flagged, not after today.
            foreach (var festival in Enum.GetValues<CareFestival>())
            {
                var festivalDay = Festivals.DayOf(festival, year);
                var visitedOn = festivalDay.AddDays(-random.Next(1, 8));
                if (visitedOn < _plan.WindowStart || visitedOn > _plan.WindowEnd || visitedOn < cadre.JoinedOn) continue;
                var flagged = flaggedFrom <= visitedOn && cadre.IsMemberOn(visitedOn);
                var retired = retiredOn < visitedOn;
                if ((flagged || retired) && random.NextDouble() < VisitShare)
                    facts.Add((visitedOn, new HolidayVisitPaid(cadre.StaffNo, festival, year, visitedOn, "机关工会")));
            }
        }
    }

    /// <summary>The business days the API checks against membership; empty for facts allowed after a departure; null when not this module's.</summary>
    public static IEnumerable<DateOnly>? BusinessDays(object fact) => fact switch
    {
        CareFlagsSet or HolidayVisitPaid => [],
        HeartToHeartTalkHeld t => [t.HeldOn],
        HealthCheckRecorded c => [c.CheckedOn],
        CadrePlaced p => [p.From],
        _ => null,
    };

    private IEnumerable<GeneratedStream> Pools(IReadOnlyList<CadreProfile> cadres)
    {
        foreach (var post in Enum.GetValues<PostCategory>())
        {
            var random = RandomFor(2, (int)post);
            var events = new List<(DateOnly Day, object Fact)>();
            foreach (var cadre in cadres.Where(c => c.PostCategory == post))
            {
                if (random.NextDouble() >= PoolShare) continue;
                var start = cadre.JoinedOn > _plan.WindowStart ? cadre.JoinedOn : _plan.WindowStart;
                if (start > _plan.WindowEnd) continue;
                var since = Cadres.Between(random, start, _plan.WindowEnd);
                if (!cadre.IsMemberOn(since)) continue;
                events.Add((since, new TalentPoolEntered(post, cadre.StaffNo, since, "年度人才库遴选")));
                if (random.NextDouble() < 0.3 && since < _plan.WindowEnd)
                {
                    var on = Cadres.Between(random, since.AddDays(1), _plan.WindowEnd);
                    events.Add((on, new TalentPoolExited(post, cadre.StaffNo, on, "年度复核未通过")));
                }
            }
            if (events.Count > 0)
                yield return new GeneratedStream(TalentPool.StreamKey(post), events.OrderBy(e => e.Day).Select(e => e.Fact).ToList());
        }
    }

    private IEnumerable<GeneratedStream> Mentorships(IReadOnlyList<CadreProfile> cadres)
    {
        var random = RandomFor(3, 0);
        var mentorsByUnit = cadres.SelectMany(c => c.Units.Select(u => (u.Value, Cadre: c))).GroupBy(x => x.Value)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Cadre).Distinct().ToList());
        foreach (var mentee in cadres.Where(c => c.JoinedOn >= _plan.WindowStart && c.JoinedOn <= _plan.WindowEnd))
        {
            if (random.NextDouble() >= 0.6) continue;
            var from = mentee.JoinedOn.AddDays(random.Next(1, 60));
            if (from > _plan.WindowEnd || !mentee.IsMemberOn(from)) continue;
            var unit = mentee.UnitOn(from);
            var mentor = mentorsByUnit[unit].FirstOrDefault(m => m != mentee && m.JoinedOn <= from && m.IsMemberOn(from) && m.RankOn(from) != Rank.Staff
                                                                && m.UnitOn(from) == unit);
            if (mentor is null) continue;
            var id = Cadres.Id(random);
            var events = new List<object> { new MentorshipStarted(id, mentor.StaffNo, mentee.StaffNo, from) };
            var on = from.AddYears(1);
            if (on <= _plan.WindowEnd) events.Add(new MentorshipEnded(id, on));
            yield return new GeneratedStream(MentorshipRecord.StreamKey(id), events);
        }
    }
}
