using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;

namespace CapabilityOps.Bench.Generation;

/// <summary>What to generate. Facts fall in the <see cref="Years"/> calendar years ending with <see cref="LastYear"/>, never after <see cref="Today"/>.</summary>
/// <param name="LongStreamEvents">When above 0, one more cadre (<see cref="FactGenerator.LongStreamStaffNo"/>) with a stream of that many events (the as-of scenario).</param>
public sealed record GenerationPlan(int Cadres, int Years, int Seed, int LastYear, DateOnly Today, int LongStreamEvents = 0)
{
    public int FirstYear => LastYear - Years + 1;

    public DateOnly WindowStart => new(FirstYear, 1, 1);

    /// <summary>The last day a fact may fall on: 31 December of the last year, or today in the current year.</summary>
    public DateOnly WindowEnd => new DateOnly(LastYear, 12, 31) < Today ? new DateOnly(LastYear, 12, 31) : Today;
}

/// <summary>One stream's events, oldest first.</summary>
public sealed record GeneratedStream(string Key, IReadOnlyList<object> Events);

/// <summary>
/// A realistic bureau and its years of facts, the same for the same plan: every random choice comes from
/// <see cref="Random"/> seeded by the plan's seed (per cadre, per unit), and "today" is the plan's, not the clock's.
/// The facts are what the API would have recorded: valid dates (not before joining, not after today), at most 24
/// study hours a cadre a day, ids, duplicate keys and session credits as the Learning module makes them.
/// </summary>
public sealed class FactGenerator
{
    public const string LongStreamStaffNo = "E-LONG-1000";

    private static readonly string[] Topics =
    [
        "习近平生态文明思想学习纲要", "新污染物治理行动方案", "排污许可管理条例解读", "生态环境行政处罚办法", "大气污染防治法",
        "土壤污染防治法", "长江保护法", "党章党规学习", "环境影响评价技术导则", "碳达峰碳中和政策", "生态环境监测条例", "公文写作",
    ];
    private static readonly string[] Places = ["青山镇", "白沙乡", "红旗村", "工业园区", "水库库区", "河口湿地", "化工园区", "垃圾填埋场", "污水处理厂"];
    private static readonly string[] Enterprises = ["华能热电有限公司", "金源化工股份有限公司", "绿洲造纸厂", "宏达水泥有限公司", "新材料科技有限公司", "恒通印染有限公司", "城东污水处理厂"];

    private readonly GenerationPlan _plan;
    private readonly IReadOnlyList<GeneratedUnit> _units = BureauShape.Units;
    private readonly List<CadreProfile> _cadres = [];
    private readonly Dictionary<string, List<CadreProfile>> _everInUnit = [];
    // Session attendance of each cadre (by index), made before the cadre's own facts so credits count in its days.
    private readonly Dictionary<int, List<LearningSessionAttended>> _attendance = [];
    private readonly List<GeneratedStream> _sessionStreams = [];
    private readonly DisciplineFacts _discipline;
    private readonly TrainingFacts _training;
    private readonly TalentFacts _talent;

    public FactGenerator(GenerationPlan plan)
    {
        _plan = plan;
        for (var i = 1; i <= plan.Cadres; i++) _cadres.Add(Profile(i));
        foreach (var unit in _units) _everInUnit[unit.Code] = [];
        foreach (var cadre in _cadres)
            foreach (var code in cadre.Units.Select(u => u.Value).Distinct())
                _everInUnit[code].Add(cadre);
        PlanSessions();
        _discipline = new DisciplineFacts(plan, _units, _everInUnit, RandomFor);
        _training = new TrainingFacts(plan, _units, _everInUnit, RandomFor);
        _talent = new TalentFacts(plan, _cadres);
    }

    public IReadOnlyList<CadreProfile> Profiles => _cadres;

    /// <summary>How many streams <see cref="Streams"/> yields.</summary>
    public int StreamCount => _units.Count + _sessionStreams.Count + _discipline.Streams.Count + _training.Streams.Count + _cadres.Count
        + (_plan.LongStreamEvents > 0 ? 1 : 0) + EquipmentFacts.StreamCount(_plan, _units) + InformatizationFacts.StreamCount(_units) + _talent.Streams.Count;

    /// <summary>Every stream: units, then sessions, then cadres (in chunks as they are made, to keep memory flat).</summary>
    public IEnumerable<GeneratedStream> Streams()
    {
        foreach (var unit in _units) yield return UnitStream(unit);
        foreach (var session in _sessionStreams) yield return session;
        foreach (var stream in _discipline.Streams) yield return stream;
        foreach (var training in _training.Streams) yield return training;
        foreach (var cadre in _cadres) yield return CadreStream(cadre);
        if (_plan.LongStreamEvents > 0) yield return LongStream();
        foreach (var stream in EquipmentFacts.Streams(_plan, _units)) yield return stream;
        foreach (var stream in InformatizationFacts.Streams(_plan, _units)) yield return stream;
        foreach (var stream in _talent.Streams) yield return stream;
    }

    private Random RandomFor(int what, int index) =>
        // HashCode.Combine is randomised per process; a fixed arithmetic mix keeps the seed meaningful across runs.
        new(unchecked((int)(((uint)_plan.Seed * 2654435761u) ^ ((uint)what * 40503u) ^ ((uint)index * 2246822519u)) & int.MaxValue));

    private CadreProfile Profile(int index)
    {
        var random = RandomFor(1, index);
        var unit = PickUnit(random);
        var rank = Cadres.RankOf(random);
        var start = _plan.WindowStart;
        var age = rank switch
        {
            Rank.Leader => random.Next(38, 59),
            Rank.SectionLevel => random.Next(29, 57),
            _ => random.Next(23, 58),
        };
        var birth = start.AddYears(-age).AddDays(-random.Next(365));
        // A few join during the generated years (new civil servants); the rest joined after school.
        var joined = random.NextDouble() < 0.04
            ? Cadres.Between(random, start, _plan.WindowEnd.AddDays(-30))
            : Cadres.Between(random, birth.AddYears(22), start.AddDays(-1));
        if (joined >= start && rank != Rank.Staff) rank = Rank.Staff;
        var cadre = new CadreProfile
        {
            Index = index, StaffNo = Cadres.StaffNo(index), Name = Cadres.NameOf(random), BirthDate = birth, JoinedOn = joined,
            Education = Cadres.EducationOf(random), PostCategory = Cadres.PostOf(random, unit.Code), PartyMember = random.NextDouble() < 0.72,
            Diligence = Math.Clamp(Cadres.Normal(random, 1.08, 0.22), 0.2, 2.0),
        };
        cadre.Units.Add(new(joined, unit.Code));
        cadre.Ranks.Add(new(joined, rank));
        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
        {
            var from = Later(joined.AddDays(30), new DateOnly(year, 1, 1));
            var to = Earlier(new DateOnly(year, 12, 31), _plan.WindowEnd);
            if (from > to) continue;
            if (random.NextDouble() < 0.03)
            {
                var target = PickUnit(random);
                if (target.Code != cadre.Units[^1].Value) cadre.Units.Add(new(Cadres.Between(random, from, to), target.Code));
            }
            var current = cadre.Ranks[^1].Value;
            if (current != Rank.Leader && random.NextDouble() < 0.04)
                cadre.Ranks.Add(new(Cadres.Between(random, from, to), current == Rank.Staff ? Rank.SectionLevel : Rank.Leader));
        }
        Career(cadre);
        return cadre;
    }

    /// <summary>
    /// About 3% of the members leave the system each year — those at 55 or older retire, the others mostly transfer out — and
    /// some who transferred out or resigned come back a few months later. From its own random sequence, so the rest of a
    /// cadre's facts are drawn as before; transfers and promotions dated while away are dropped, as the API would refuse them.
    /// </summary>
    private void Career(CadreProfile cadre)
    {
        var random = RandomFor(6, cadre.Index);
        DateOnly? memberFrom = cadre.JoinedOn;
        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
        {
            if (memberFrom is not { } since) break;
            var from = Later(Later(cadre.JoinedOn.AddDays(30), since.AddDays(30)), new DateOnly(year, 1, 1));
            var to = Earlier(new DateOnly(year, 12, 31), _plan.WindowEnd);
            if (from > to || random.NextDouble() >= 0.03) continue;
            var leftOn = Cadres.Between(random, from, to);
            var age = leftOn.Year - cadre.BirthDate.Year;
            var (kind, reason) = age >= 55 ? (DepartureKind.Retired, "到龄退休") : random.NextDouble() switch
            {
                < 0.80 => (DepartureKind.TransferredOut, "调出本系统"),
                < 0.94 => (DepartureKind.Resigned, "本人申请辞职"),
                < 0.97 => (DepartureKind.Dismissed, "辞退"),
                _ => (DepartureKind.Deceased, "因病去世"),
            };
            var returnedOn = kind is DepartureKind.TransferredOut or DepartureKind.Resigned && random.NextDouble() < 0.15
                ? leftOn.AddDays(random.Next(90, 400)) : (DateOnly?)null;
            if (returnedOn > _plan.WindowEnd) returnedOn = null;
            var returnUnit = returnedOn is null ? null : PickUnit(random).Code;
            cadre.Departures.Add(new GeneratedDeparture(kind, leftOn, reason, returnedOn, returnUnit));
            memberFrom = returnedOn;
            if (returnedOn is { } back) year = back.Year - 1; // the next departure, if any, after the return
        }
        if (cadre.Departures.Count == 0) return;

        // Transfers and promotions dated while away would be refused; a return into another unit moves the cadre there.
        var returnDays = cadre.Departures.Select(d => d.ReturnedOn).OfType<DateOnly>().ToHashSet();
        cadre.Units.RemoveAll(u => u.From > cadre.JoinedOn && (!cadre.IsMemberOn(u.From) || returnDays.Contains(u.From)));
        cadre.Ranks.RemoveAll(r => r.From > cadre.JoinedOn && !cadre.IsMemberOn(r.From));
        for (var i = cadre.Units.Count - 1; i > 0; i--)
            if (cadre.Units[i].Value == cadre.Units[i - 1].Value) cadre.Units.RemoveAt(i);
        for (var i = cadre.Ranks.Count - 1; i > 0; i--)
            if (cadre.Ranks[i].Value == cadre.Ranks[i - 1].Value) cadre.Ranks.RemoveAt(i);
        foreach (var departure in cadre.Departures.Where(d => d.ReturnedOn is not null))
        {
            var back = departure.ReturnedOn!.Value;
            if (cadre.UnitOn(back) == departure.ReturnUnit) continue;
            var index = cadre.Units.FindLastIndex(u => u.From <= back);
            cadre.Units.Insert(index + 1, new(back, departure.ReturnUnit!));
            // A transfer after the return that now moves nowhere would be refused: drop it.
            if (index + 2 < cadre.Units.Count && cadre.Units[index + 2].Value == departure.ReturnUnit) cadre.Units.RemoveAt(index + 2);
        }
    }

    private GeneratedUnit PickUnit(Random random)
    {
        var total = _units.Sum(u => u.Weight);
        var pick = random.Next(total);
        foreach (var unit in _units)
        {
            if (pick < unit.Weight) return unit;
            pick -= unit.Weight;
        }
        return _units[^1];
    }

    private GeneratedStream UnitStream(GeneratedUnit unit)
    {
        var random = RandomFor(2, _units.ToList().IndexOf(unit));
        var events = new List<object> { new UnitRegistered(unit.Code, unit.Name, unit.Kind, unit.ParentCode, unit.Path) };
        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
            for (var month = 1; month <= 12; month++)
            {
                if (new DateOnly(year, month, 28) > _plan.WindowEnd || random.NextDouble() > 0.92) continue;
                events.Add(new MonthlyReportSubmitted(unit.Code, year, month, $"{month}月能力提升工作进展：组织集中学习、下基层调研。",
                    random.NextDouble() < 0.5 ? "以案释法、现场教学" : null, random.NextDouble() < 0.3 ? "监测比武获奖" : null));
            }
        return new GeneratedStream(StreamKeys.Unit(unit.Code), events);
    }

    /// <summary>Each unit's sessions a year (LRN-2, LRN-3, LRN-5, LRN-6, LRN-7), with the members of the unit on the day attending.</summary>
    private void PlanSessions()
    {
        for (var u = 0; u < _units.Count; u++)
        {
            var unit = _units[u];
            var random = RandomFor(3, u);
            for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
            {
                for (var quarter = 0; quarter < 4; quarter++)
                    if (random.NextDouble() < 0.9)
                        Session(unit, random, LearningSessionKind.CentralGroupStudy, Day(year, quarter * 3 + 1 + random.Next(3), random), 2m,
                            c => c.Rank != Rank.Staff, ecological: random.NextDouble() < 0.6);
                if (random.NextDouble() < 0.9) Session(unit, random, LearningSessionKind.ConcentratedTraining, Day(year, random.Next(3, 11), random), 6m, _ => true, true);
                for (var month = 1; month <= 12; month++)
                    Session(unit, random, LearningSessionKind.ThreeMeetingsOneLesson, Day(year, month, random), 1m, c => c.Party, random.NextDouble() < 0.3);
                for (var i = 0; i < 3; i++)
                    Session(unit, random, LearningSessionKind.LearningCorner, Day(year, random.Next(1, 13), random), 1m, _ => random.NextDouble() < 0.4, false,
                        format: (LearningCornerFormat)(i % 3));
                Session(unit, random, LearningSessionKind.FestivalActivity, new DateOnly(year, 7, 1), null, _ => random.NextDouble() < 0.6, false,
                    festival: Festival.PartyFoundingDay);
            }
        }
    }

    private static DateOnly Day(int year, int month, Random random) => new(year, month, random.Next(1, 29));

    private readonly record struct Member(CadreProfile Cadre, Rank Rank, bool Party);

    private void Session(GeneratedUnit unit, Random random, LearningSessionKind kind, DateOnly heldOn, decimal? hours, Func<Member, bool> invited,
        bool ecological, LearningCornerFormat? format = null, Festival? festival = null)
    {
        if (heldOn > _plan.WindowEnd || heldOn < _plan.WindowStart) return;
        var id = Cadres.Id(random);
        var topic = Topics[random.Next(Topics.Length)];
        var attendees = new List<string>();
        foreach (var cadre in _everInUnit[unit.Code])
        {
            if (cadre.JoinedOn > heldOn || cadre.UnitOn(heldOn) != unit.Code || !cadre.IsMemberOn(heldOn)) continue;
            if (!invited(new Member(cadre, cadre.RankOn(heldOn), cadre.PartyMember))) continue;
            if (random.NextDouble() > Math.Min(0.97, 0.8 * cadre.Diligence)) continue;
            attendees.Add(cadre.StaffNo);
            if (!_attendance.TryGetValue(cadre.Index, out var list)) _attendance[cadre.Index] = list = [];
            list.Add(new LearningSessionAttended(id, cadre.StaffNo, unit.Code, kind, heldOn, topic, hours ?? 0m,
                hours is > 0 ? StudyHoursKeys.SessionCreditRecordId(id, cadre.StaffNo) : null));
        }
        var events = new List<object> { new LearningSessionRecorded(id, unit.Code, kind, heldOn, topic, hours, format, festival, ecological) };
        if (attendees.Count > 0) events.Add(new LearningSessionAttendanceRecorded(id, unit.Code, heldOn, attendees));
        _sessionStreams.Add(new GeneratedStream(LearningStreamKeys.Session(id), events));
    }

    private GeneratedStream CadreStream(CadreProfile cadre)
    {
        var random = RandomFor(4, cadre.Index);
        var facts = new List<(DateOnly Day, object Fact)>();
        var hoursOnDay = new Dictionary<int, decimal>();
        var unit0 = cadre.Units[0].Value;
        var returns = cadre.Departures.Where(d => d.ReturnedOn is not null).ToDictionary(d => d.ReturnedOn!.Value);
        foreach (var spell in cadre.Units.Skip(1))
        {
            // A return into another unit is the return's own fact, not a transfer.
            if (!returns.ContainsKey(spell.From)) facts.Add((spell.From, new CadreTransferred(cadre.StaffNo, unit0, spell.Value, spell.From)));
            unit0 = spell.Value;
        }
        foreach (var departure in cadre.Departures)
        {
            facts.Add((departure.LeftOn, new CadreDeparted(cadre.StaffNo, departure.Kind, departure.LeftOn, departure.Reason, cadre.UnitOn(departure.LeftOn))));
            if (departure.ReturnedOn is { } back) facts.Add((back, new CadreReturned(cadre.StaffNo, back, departure.ReturnUnit!)));
        }
        for (var i = 1; i < cadre.Ranks.Count; i++)
            facts.Add((cadre.Ranks[i].From, new CadreRankChanged(cadre.StaffNo, cadre.Ranks[i - 1].Value, cadre.Ranks[i].Value, cadre.Ranks[i].From)));
        if (cadre.Education < EducationLevel.JuniorCollege && random.NextDouble() < 0.5)
        {
            // Half of those below junior college catch up during the years (TRN-1); the rest stay non-compliant.
            var awardedOn = Cadres.Between(random, Later(_plan.WindowStart, cadre.JoinedOn), _plan.WindowEnd);
            facts.Add((awardedOn, new EducationAwarded(cadre.StaffNo, EducationLevel.JuniorCollege, awardedOn)));
        }
        foreach (var attended in _attendance.GetValueOrDefault(cadre.Index) ?? [])
        {
            facts.Add((attended.HeldOn, attended));
            AddHours(hoursOnDay, attended.HeldOn, attended.CreditedHours);
        }

        var assisting = new List<(Guid Id, string Enterprise)>();
        for (var year = _plan.FirstYear; year <= _plan.LastYear; year++)
        {
            // The year's facts fall while the cadre is a member: from joining or returning, up to leaving.
            if (cadre.MemberWindow(Later(cadre.JoinedOn, new DateOnly(year, 1, 1)), Earlier(new DateOnly(year, 12, 31), _plan.WindowEnd)) is not { } window)
                continue;
            var (from, to) = window;
            var share = (to.DayNumber - from.DayNumber + 1) / 365.0;
            var credited = (_attendance.GetValueOrDefault(cadre.Index) ?? []).Where(a => a.HeldOn.Year == year).Sum(a => a.CreditedHours);
            StudyHours(cadre, random, facts, hoursOnDay, from, to, 60m * (decimal)(cadre.Diligence * share) - credited);
            var rank = cadre.RankOn(to);
            Service(cadre, random, facts, assisting, rank, from, to, share);
            if (year < _plan.Today.Year && random.NextDouble() < 0.95)
                facts.Add((to, new CadreAssessed(cadre.StaffNo, year, Score(random, cadre), Score(random, cadre), Score(random, cadre), Score(random, cadre), Score(random, cadre), null)));
            if (random.NextDouble() < 0.03)
                facts.Add((Cadres.Between(random, from, to), new TitleConferred(cadre.StaffNo, (TitleKind)random.Next(6), (TitleLevel)random.Next(1, 5), "年度先进", Cadres.Between(random, from, to))));
            if (random.NextDouble() < 0.003)
            {
                var day = Cadres.Between(random, from, to);
                facts.Add((day, new SanctionImposed(cadre.StaffNo, (SanctionSeverity)random.Next(3), day, "违反工作纪律", null)));
            }
        }

        facts.AddRange(_discipline.CadreFacts(cadre));
        _training.AddCadreFacts(cadre, facts, RandomFor(7, cadre.Index));
        _talent.AddCadreFacts(cadre, facts);

        // Whatever still falls on a day away (a visit running past the departure, a fact inside a gap before a return) is left
        // out, as the API would refuse it, and so is the revocation of a record left out.
        var dropped = new HashSet<Guid>();
        facts.RemoveAll(f =>
        {
            if (BusinessDays(f.Fact).All(cadre.IsMemberOn) && !dropped.Contains(RevokedId(f.Fact) ?? Guid.Empty)) return false;
            if (RecordId(f.Fact) is { } id) dropped.Add(id);
            return true;
        });

        var events = new List<object>(facts.Count + 1)
        {
            new CadreRegistered(cadre.StaffNo, cadre.Name, cadre.Units[0].Value, cadre.Ranks[0].Value, cadre.BirthDate, cadre.Education,
                cadre.PostCategory, cadre.PartyMember, cadre.JoinedOn),
        };
        // Ordered by business day (a stable sort keeps a correction after what it corrects on the same day).
        events.AddRange(facts.Select((f, i) => (f, i)).OrderBy(x => x.f.Day).ThenBy(x => x.i).Select(x => x.f.Fact));
        return new GeneratedStream(StreamKeys.Cadre(cadre.StaffNo), events);
    }

    /// <summary>The business days the API checks against membership for a generated fact (none for a correction or a departure's own facts).</summary>
    private static IEnumerable<DateOnly> BusinessDays(object fact) => fact switch
    {
        CadreDeparted or CadreReturned or StudyHoursRevoked or GrassrootsVisitRevoked => [],
        CadreTransferred t => [t.EffectiveOn],
        CadreRankChanged r => [r.EffectiveOn],
        EducationAwarded a => [a.AwardedOn],
        LearningSessionAttended a => [a.HeldOn],
        StudyHoursLogged l => [l.StudiedOn],
        GrassrootsVisitRecorded v => [v.From, v.To],
        EnterpriseAssistanceStarted a => [a.Since],
        ResearchArticleRecorded a => [a.CompletedOn],
        ImprovementSuggestionRecorded s => [s.MadeOn],
        CadreAssessed => [], // a year: recorded on a day of membership in it
        TitleConferred t => [t.ConferredOn],
        SanctionImposed s => [s.ImposedOn],
        _ when TrainingFacts.BusinessDaysOf(fact) is { } days => days,
        _ when DisciplineFacts.BusinessDays(fact) is { } days => days,
        _ when TalentFacts.BusinessDays(fact) is { } days => days,
        _ => throw new InvalidOperationException($"The generator does not know the business days of {fact.GetType().Name}."),
    };

    private static Guid? RecordId(object fact) => fact switch
    {
        StudyHoursLogged l => l.RecordId,
        GrassrootsVisitRecorded v => v.VisitId,
        _ => null,
    };

    private static Guid? RevokedId(object fact) => fact switch
    {
        StudyHoursRevoked r => r.RecordId,
        GrassrootsVisitRevoked r => r.VisitId,
        _ => null,
    };

    private static int Score(Random random, CadreProfile cadre) => Math.Clamp((int)Cadres.Normal(random, 78 + 8 * (cadre.Diligence - 1), 7), 40, 100);

    /// <summary>LRN-1: records from several sources until the cadre's share of the year's hours is reached; about 1.5% revoked later.</summary>
    private static void StudyHours(CadreProfile cadre, Random random, List<(DateOnly, object)> facts, Dictionary<int, decimal> hoursOnDay,
        DateOnly from, DateOnly to, decimal goal)
    {
        var sum = 0m;
        var serial = 0;
        while (sum < goal)
        {
            var day = Cadres.Between(random, from, to);
            var pick = random.NextDouble();
            var (source, channel, hours, externalId) = pick switch
            {
                < 0.65 => ("学习强国", StudyChannel.Online, random.Next(1, 6) / 10m, $"XXQG-{day:yyyyMMdd}-{cadre.Index}-{++serial}"),
                < 0.77 => ("cadre-academy", StudyChannel.Online, random.Next(2, 7) / 2m, $"GBWY-{day:yyyy}-{cadre.Index}-{++serial}"),
                < 0.89 => ("e-library", StudyChannel.Online, random.Next(1, 4) / 2m, (string?)null),
                _ => ("党校培训", StudyChannel.Offline, random.Next(4, 9) / 2m, null),
            };
            if (hoursOnDay.GetValueOrDefault(day.DayNumber) + hours > LearningDefaults.MaxHoursPerDay) continue;
            var topic = Topics[random.Next(Topics.Length)];
            // As the API keys them: by external id; an imported row without one by its content; none for a single record without one.
            var duplicateKey = externalId is not null ? StudyHoursKeys.Duplicate(cadre.StaffNo, source, externalId)
                : source == "党校培训" ? StudyHoursKeys.ImportedRow(cadre.StaffNo, hours, day, channel, source, topic + " " + serial) : null;
            var id = Cadres.Id(random);
            facts.Add((day, new StudyHoursLogged(id, cadre.StaffNo, hours, day, channel, source, source == "党校培训" ? topic + " " + serial : topic, externalId, duplicateKey)));
            AddHours(hoursOnDay, day, hours);
            serial++;
            if (random.NextDouble() < 0.015)
                facts.Add((Earlier(day.AddDays(random.Next(1, 20)), to), new StudyHoursRevoked(id, cadre.StaffNo, "重复录入，予以撤销", hours, day, channel, source)));
            else sum += hours;
        }
    }

    /// <summary>SVC-1 (leaders) and SVC-2 (section level): grassroots days with some overlapping visits, enterprises assisted, articles, suggestions.</summary>
    private static void Service(CadreProfile cadre, Random random, List<(DateOnly, object)> facts, List<(Guid Id, string Enterprise)> assisting,
        Rank rank, DateOnly from, DateOnly to, double share)
    {
        var targetDays = rank switch { Rank.Leader => 60, Rank.SectionLevel => 40, _ => random.Next(0, 4) };
        var goal = (int)(targetDays * cadre.Diligence * share);
        var days = new HashSet<int>();
        DateOnly? last = null;
        var attempts = 0;
        while (days.Count < goal && attempts++ < 400)
        {
            // One visit in twelve repeats days of the previous one (an overlap the rules must count once).
            var start = last is { } previous && random.NextDouble() < 0.08 ? previous : Cadres.Between(random, from, to);
            var end = Earlier(start.AddDays(random.Next(0, 4)), to);
            var enterprise = random.NextDouble() < 0.4;
            var id = Cadres.Id(random);
            facts.Add((start, new GrassrootsVisitRecorded(cadre.StaffNo, id, start, end, enterprise ? VisitKind.Enterprise : VisitKind.Rural,
                Places[random.Next(Places.Length)], enterprise ? Enterprises[random.Next(Enterprises.Length)] : null)));
            if (random.NextDouble() < 0.02)
                facts.Add((end, new GrassrootsVisitRevoked(cadre.StaffNo, id, "日期录入错误")));
            else
                for (var d = start.DayNumber; d <= end.DayNumber; d++) days.Add(d);
            last = start;
        }
        if (rank == Rank.Staff) return;
        var enterprises = (rank == Rank.Leader ? 2 : 1) - (cadre.Diligence < 0.85 ? 1 : 0);
        while (assisting.Count < enterprises)
        {
            var id = Cadres.Id(random);
            var name = Enterprises[(cadre.Index + assisting.Count) % Enterprises.Length];
            var since = Cadres.Between(random, from, Earlier(from.AddDays(60), to));
            facts.Add((since, new EnterpriseAssistanceStarted(cadre.StaffNo, id, name, since)));
            assisting.Add((id, name));
        }
        if (cadre.Diligence < 0.8) return;
        var on = Cadres.Between(random, from, to);
        if (rank == Rank.Leader)
            facts.Add((on, new ResearchArticleRecorded(cadre.StaffNo, Cadres.Id(random), $"关于{Places[random.Next(Places.Length)]}生态环境问题的调研报告", on)));
        else
            facts.Add((on, new ImprovementSuggestionRecorded(cadre.StaffNo, Cadres.Id(random), "关于加强企业环境管理的建议", on, "建立隐患排查台账，落实整改责任。",
                "每季度回访一次", Enterprises[random.Next(Enterprises.Length)])));
    }

    /// <summary>The as-of scenario's cadre: registration and study records, <see cref="GenerationPlan.LongStreamEvents"/> events in all.</summary>
    private GeneratedStream LongStream()
    {
        var random = RandomFor(5, 0);
        var joined = _plan.WindowStart.AddYears(-10);
        var events = new List<object>
        {
            new CadreRegistered(LongStreamStaffNo, "欧阳明远", "BGS", Rank.Leader, joined.AddYears(-28), EducationLevel.Master, PostCategory.General, true, joined),
        };
        var span = _plan.WindowEnd.DayNumber - _plan.WindowStart.DayNumber + 1;
        for (var i = 1; i < _plan.LongStreamEvents; i++)
        {
            var day = DateOnly.FromDayNumber(_plan.WindowStart.DayNumber + (int)((long)i * span / _plan.LongStreamEvents));
            var externalId = $"XXQG-LONG-{i}";
            events.Add(new StudyHoursLogged(Cadres.Id(random), LongStreamStaffNo, 0.5m, day, StudyChannel.Online, "学习强国", Topics[i % Topics.Length],
                externalId, StudyHoursKeys.Duplicate(LongStreamStaffNo, "学习强国", externalId)));
        }
        return new GeneratedStream(StreamKeys.Cadre(LongStreamStaffNo), events);
    }

    private static void AddHours(Dictionary<int, decimal> hoursOnDay, DateOnly day, decimal hours) =>
        hoursOnDay[day.DayNumber] = hoursOnDay.GetValueOrDefault(day.DayNumber) + hours;

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;
}
