using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Bench.Generation;

/// <summary>
/// Discipline's share of the generated bureau (DSC-1..3): the two codes of conduct and their acknowledgement by the cadres
/// they apply to, a warning-education session (and some other sessions) a year in most units with the members of the unit on
/// the day attending, and a few admonitions. Its own random streams (seeded like the generator's), so the other modules'
/// facts are the same with or without it. The generator's own sanctions stay where they are.
/// </summary>
public sealed class DisciplineFacts
{
    private static readonly (string Version, string Title, DateOnly EffectiveOn, CodeAppliesTo AppliesTo)[] Codes =
    [
        ("KJGF-2020", "科级以上干部工作规范", new DateOnly(2020, 6, 1), CodeAppliesTo.SectionLevelAndAbove),
        ("ZFJL-2020", "全市生态环境系统作风纪律规定", new DateOnly(2020, 12, 1), CodeAppliesTo.All),
    ];

    private readonly GenerationPlan _plan;
    private readonly Func<int, int, Random> _randomFor;
    private readonly Dictionary<int, List<DisciplineSessionAttended>> _attendance = [];
    private readonly List<GeneratedStream> _streams = [];

    /// <param name="randomFor">The generator's seeded random for (what, index); Discipline uses its own "what" numbers (100 and up).</param>
    public DisciplineFacts(GenerationPlan plan, IReadOnlyList<GeneratedUnit> units, IReadOnlyDictionary<string, List<CadreProfile>> everInUnit,
        Func<int, int, Random> randomFor)
    {
        _plan = plan;
        _randomFor = randomFor;
        foreach (var code in Codes.Where(c => c.EffectiveOn <= plan.Today))
            _streams.Add(new GeneratedStream(DisciplineStreamKeys.CodeOfConduct(code.Version),
                [new CodeOfConductPublished(code.Version, code.Title, code.EffectiveOn, code.AppliesTo)]));
        for (var u = 0; u < units.Count; u++)
        {
            var random = randomFor(100, u);
            for (var year = plan.FirstYear; year <= plan.LastYear; year++)
            {
                if (random.NextDouble() < 0.85) Session(units[u], everInUnit[units[u].Code], random, DisciplineSessionKind.WarningEducation, "警示教育大会", year);
                if (random.NextDouble() < 0.5) Session(units[u], everInUnit[units[u].Code], random, DisciplineSessionKind.CleanGovernanceMeeting, "党风廉政建设工作会议", year);
                if (random.NextDouble() < 0.3) Session(units[u], everInUnit[units[u].Code], random, DisciplineSessionKind.ThemeEducation, "主题教育专题学习", year);
            }
        }
    }

    /// <summary>The codes' and the sessions' streams.</summary>
    public IReadOnlyList<GeneratedStream> Streams => _streams;

    private void Session(GeneratedUnit unit, List<CadreProfile> members, Random random, DisciplineSessionKind kind, string title, int year)
    {
        var heldOn = new DateOnly(year, random.Next(1, 13), random.Next(1, 29));
        if (heldOn > _plan.WindowEnd || heldOn < _plan.WindowStart) return;
        var id = Cadres.Id(random);
        var attendees = new List<string>();
        foreach (var cadre in members)
        {
            if (cadre.JoinedOn > heldOn || cadre.UnitOn(heldOn) != unit.Code || !cadre.IsMemberOn(heldOn) || random.NextDouble() > 0.9) continue;
            attendees.Add(cadre.StaffNo);
            if (!_attendance.TryGetValue(cadre.Index, out var list)) _attendance[cadre.Index] = list = [];
            list.Add(new DisciplineSessionAttended(cadre.StaffNo, id, unit.Code, kind, heldOn));
        }
        _streams.Add(new GeneratedStream(DisciplineStreamKeys.Session(id), [new DisciplineSessionHeld(id, unit.Code, unit.Path, kind, title, heldOn, attendees)]));
    }

    /// <summary>The cadre's discipline facts, with their business day: attendance, acknowledgements and a rare admonition.</summary>
    public IEnumerable<(DateOnly Day, object Fact)> CadreFacts(CadreProfile cadre)
    {
        var random = _randomFor(101, cadre.Index);
        foreach (var attended in _attendance.GetValueOrDefault(cadre.Index) ?? []) yield return (attended.HeldOn, attended);
        foreach (var code in Codes)
        {
            // Most acknowledge within two months of the version taking effect or of joining, whichever is later.
            var on = (code.EffectiveOn > cadre.JoinedOn ? code.EffectiveOn : cadre.JoinedOn).AddDays(random.Next(0, 60));
            if (on > _plan.WindowEnd || random.NextDouble() > 0.9 || !cadre.IsMemberOn(on)) continue;
            if (code.AppliesTo == CodeAppliesTo.SectionLevelAndAbove && cadre.RankOn(on) == Rank.Staff) continue;
            yield return (on, new CodeOfConductAcknowledged(cadre.StaffNo, code.Version, on));
        }
        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
        {
            if (random.NextDouble() >= 0.004) continue;
            var on = new DateOnly(year, random.Next(1, 13), random.Next(1, 29));
            if (on > _plan.WindowEnd || on < cadre.JoinedOn) continue;
            yield return (on, new AdmonitionGiven(cadre.StaffNo, (AdmonitionKind)random.Next(3), on, "落实工作要求不力"));
        }
    }

    /// <summary>The business days the API checks against membership, for Discipline's generated facts; null for another fact.</summary>
    public static IEnumerable<DateOnly>? BusinessDays(object fact) => fact switch
    {
        DisciplineSessionAttended a => [a.HeldOn],
        CodeOfConductAcknowledged a => [a.On],
        AdmonitionGiven a => [a.On],
        _ => null,
    };
}
