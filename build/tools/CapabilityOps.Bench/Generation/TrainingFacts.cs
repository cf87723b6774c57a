using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;

namespace CapabilityOps.Bench.Generation;

/// <summary>
/// The Training module's share of a generated bureau: each unit's yearly business training (most units hold one) and the city
/// bureau's monitoring contest and enforcement drill, with the members of the day attending; per cadre, one or two trainings a
/// year, a degree study behind each catch-up to junior college (requested, approved, certified, reimbursed), and a post on the
/// post-expert and pacesetter titles. From random sequences of their own, so the rest of the bureau is drawn as before.
/// </summary>
public sealed class TrainingFacts
{
    private static readonly (string Title, TrainingKind Kind, TrainingLevel Level, string Organiser, int Days, decimal Hours)[] Courses =
    [
        ("环保大讲堂：新污染物治理", TrainingKind.Lecture, TrainingLevel.Provincial, "省生态环境厅", 1, 3m),
        ("院士讲座：碳达峰碳中和路径", TrainingKind.AcademicianLecture, TrainingLevel.National, "学习强国", 1, 2m),
        ("市委组织部主体班", TrainingKind.MainClass, TrainingLevel.Municipal, "市委组织部", 5, 40m),
        ("领导干部读书班", TrainingKind.ReadingClass, TrainingLevel.Municipal, "市委组织部", 3, 18m),
        ("排污许可专项培训", TrainingKind.Special, TrainingLevel.Municipal, "市局人事科", 2, 12m),
        ("行政审批业务专项培训", TrainingKind.Special, TrainingLevel.Municipal, "市局人事科", 1, 6m),
        ("赴邻市考察学习", TrainingKind.StudyVisit, TrainingLevel.Bureau, "市局办公室", 2, 8m),
        ("业务处室跟班学习", TrainingKind.Shadowing, TrainingLevel.Bureau, "市局人事科", 10, 20m),
    ];

    private readonly GenerationPlan _plan;
    private readonly Dictionary<int, List<(DateOnly Day, object Fact)>> _byCadre = [];

    /// <summary>The business trainings' and practice events' own streams.</summary>
    public List<GeneratedStream> Streams { get; } = [];

    public TrainingFacts(GenerationPlan plan, IReadOnlyList<GeneratedUnit> units, IReadOnlyDictionary<string, List<CadreProfile>> everInUnit,
        Func<int, int, Random> randomFor)
    {
        _plan = plan;
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            var random = randomFor(8, u);
            for (var year = plan.FirstYear; year <= plan.LastYear; year++)
            {
                if (unit.Kind != UnitKind.CityBureau && random.NextDouble() < 0.85)
                    BusinessTraining(unit, random, Day(year, random), everInUnit[unit.Code]);
                if (unit.Kind == UnitKind.CityBureau)
                    foreach (var kind in new[] { PracticeEventKind.MonitoringContest, PracticeEventKind.EnforcementDrill, PracticeEventKind.CaseFileReview })
                        PracticeEvent(unit, random, kind, Day(year, random), everInUnit.Values.SelectMany(c => c).Distinct().ToList());
            }
        }
    }

    private static DateOnly Day(int year, Random random) => new(year, random.Next(3, 12), random.Next(1, 29));

    private static bool Member(CadreProfile cadre, string unitCode, DateOnly day) =>
        cadre.JoinedOn <= day && cadre.UnitOn(day) == unitCode && cadre.IsMemberOn(day);

    private void BusinessTraining(GeneratedUnit unit, Random random, DateOnly heldOn, List<CadreProfile> everInUnit)
    {
        if (heldOn > _plan.WindowEnd || heldOn < _plan.WindowStart) return;
        var id = Cadres.Id(random);
        var hours = random.Next(2, 9);
        const string title = "年度业务培训";
        var attendees = everInUnit.Where(c => Member(c, unit.Code, heldOn) && random.NextDouble() < 0.85).ToList();
        Streams.Add(new GeneratedStream(TrainingStreamKeys.BusinessTraining(id),
            [new BusinessTrainingHeld(id, unit.Code, title, heldOn, hours, attendees.Select(c => c.StaffNo).ToList())]));
        foreach (var cadre in attendees) Add(cadre, heldOn, new BusinessTrainingAttended(cadre.StaffNo, id, unit.Code, title, heldOn, hours));
    }

    private void PracticeEvent(GeneratedUnit city, Random random, PracticeEventKind kind, DateOnly heldOn, List<CadreProfile> everyone)
    {
        if (heldOn > _plan.WindowEnd || heldOn < _plan.WindowStart) return;
        var id = Cadres.Id(random);
        var title = kind switch
        {
            PracticeEventKind.MonitoringContest => "全市生态环境监测大比武",
            PracticeEventKind.EnforcementDrill => "全市生态环境执法大练兵",
            _ => "全市行政处罚案卷评查",
        };
        var present = everyone.Where(c => c.JoinedOn <= heldOn && c.IsMemberOn(heldOn)).ToList();
        var participants = present.OrderBy(_ => random.Next()).Take(Math.Min(present.Count, 8 + random.Next(8))).ToList();
        var results = participants.Select((c, i) => new PracticeResult(c.StaffNo, i + 1, Math.Round(98m - i * 1.5m - random.Next(0, 10) / 10m, 1),
            i switch { 0 => "一等奖", < 3 => "二等奖", < 6 => "三等奖", _ => null })).ToList();
        Streams.Add(new GeneratedStream(TrainingStreamKeys.PracticeEvent(id), [new PracticeEventHeld(id, kind, title, heldOn, city.Code, results)]));
        foreach (var (cadre, result) in participants.Zip(results))
            Add(cadre, heldOn, new PracticeResultRecorded(cadre.StaffNo, id, kind, title, heldOn, city.Code, result.Rank, result.Score, result.Award));
    }

    private void Add(CadreProfile cadre, DateOnly day, object fact)
    {
        if (!_byCadre.TryGetValue(cadre.Index, out var list)) _byCadre[cadre.Index] = list = [];
        list.Add((day, fact));
    }

    /// <summary>
    /// The cadre's training facts added to <paramref name="facts"/>: the unit-level attendances and results planned above, a
    /// training or two a year, a degree study behind each junior-college award, and a post on the designation titles.
    /// </summary>
    public void AddCadreFacts(CadreProfile cadre, List<(DateOnly Day, object Fact)> facts, Random random)
    {
        facts.AddRange(_byCadre.GetValueOrDefault(cadre.Index) ?? []);
        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
        {
            if (cadre.MemberWindow(new DateOnly(year, 1, 1) < cadre.JoinedOn ? cadre.JoinedOn : new DateOnly(year, 1, 1),
                    new DateOnly(year, 12, 31) < _plan.WindowEnd ? new DateOnly(year, 12, 31) : _plan.WindowEnd) is not { } window)
                continue;
            for (var n = random.NextDouble() switch { < 0.35 => 0, < 0.85 => 1, _ => 2 }; n > 0; n--)
            {
                var course = Courses[random.Next(Courses.Length)];
                var from = Cadres.Between(random, window.From, window.To);
                var to = from.AddDays(course.Days - 1) > window.To ? window.To : from.AddDays(course.Days - 1);
                var id = Cadres.Id(random);
                facts.Add((to, new TrainingAttended(cadre.StaffNo, id, course.Title, course.Kind, course.Level, course.Organiser, from, to, course.Hours,
                    $"{course.Organiser}-{to:yyyyMMdd}-{cadre.Index}-{n}")));
            }
        }

        for (var i = 0; i < facts.Count; i++)
        {
            switch (facts[i].Fact)
            {
                case TitleConferred { Kind: TitleKind.PostExpert or TitleKind.BusinessPacesetter } title:
                    facts[i] = (facts[i].Day, title with { Post = cadre.PostCategory });
                    break;
                case EducationAwarded award when random.NextDouble() < 0.8:
                {
                    // Most catch-ups go through a degree study approved by personnel: the certificate records the award.
                    var studyId = Cadres.Id(random);
                    var fee = random.Next(30, 120) * 100m;
                    var requested = award.AwardedOn.AddYears(-2) < cadre.JoinedOn ? cadre.JoinedOn : award.AwardedOn.AddYears(-2);
                    facts.Add((requested, new DegreeStudyRequested(cadre.StaffNo, studyId, award.Level, "江苏开放大学", "环境工程技术", requested, fee)));
                    facts.Add((requested, new DegreeStudyApproved(cadre.StaffNo, studyId, fee)));
                    facts[i] = (award.AwardedOn, new DegreeStudyCertified(cadre.StaffNo, studyId, award.Level, award.AwardedOn, $"C{cadre.Index:D6}{award.AwardedOn:yyyy}"));
                    facts.Add((award.AwardedOn, award));
                    facts.Add((award.AwardedOn, new DegreeStudyReimbursed(cadre.StaffNo, studyId, fee, award.AwardedOn)));
                    break;
                }
            }
        }
    }

    /// <summary>The business days the API checks against membership for a training fact; null for another module's fact.</summary>
    public static IEnumerable<DateOnly>? BusinessDaysOf(object fact) => fact switch
    {
        DegreeStudyRequested or DegreeStudyApproved => [],
        DegreeStudyCertified c => [c.AwardedOn],
        DegreeStudyReimbursed r => [r.PaidOn],
        TrainingAttended t => [t.From, t.To],
        BusinessTrainingAttended b => [b.HeldOn],
        PracticeResultRecorded p => [p.HeldOn],
        _ => null,
    };
}
