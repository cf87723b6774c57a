using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Bench.Generation;

/// <summary>A cadre's unit or rank from a day on.</summary>
public readonly record struct Spell<T>(DateOnly From, T Value);

/// <summary>A time a generated cadre left the system (the last day of membership), and the return when there is one.</summary>
public sealed record GeneratedDeparture(DepartureKind Kind, DateOnly LeftOn, string Reason, DateOnly? ReturnedOn = null, string? ReturnUnit = null);

/// <summary>A generated cadre: who, and where and at which rank on every day (transfers and promotions included), and when a member.</summary>
public sealed class CadreProfile
{
    public required int Index { get; init; }
    public required string StaffNo { get; init; }
    public required string Name { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required DateOnly JoinedOn { get; init; }
    public required EducationLevel Education { get; init; }
    public required PostCategory PostCategory { get; init; }
    public required bool PartyMember { get; init; }
    public List<Spell<string>> Units { get; } = [];
    public List<Spell<Rank>> Ranks { get; } = [];

    /// <summary>Each time the cadre left the system, oldest first (retirements, transfers out, a few returns).</summary>
    public List<GeneratedDeparture> Departures { get; } = [];

    /// <summary>Membership as the Organization module reckons it (<see cref="Membership"/>), from the same dates.</summary>
    public IReadOnlyList<Departure> MembershipDepartures =>
        Departures.Select(d => new Departure(d.Kind, d.LeftOn, d.Reason, UnitOn(d.LeftOn), d.ReturnedOn)).ToList();

    public bool IsMemberOn(DateOnly day) => Membership.IsMemberOn(JoinedOn, MembershipDepartures, day);

    /// <summary>The first and last day of membership within <paramref name="from"/>..<paramref name="to"/>; null when there is none.</summary>
    public (DateOnly From, DateOnly To)? MemberWindow(DateOnly from, DateOnly to)
    {
        var periods = Membership.Periods(JoinedOn, MembershipDepartures)
            .Where(p => p.From <= to && (p.Until is null || p.Until >= from)).ToList();
        if (periods.Count == 0) return null;
        var first = periods[0].From > from ? periods[0].From : from;
        var last = periods[^1].Until is { } until && until < to ? until : to;
        return (first, last);
    }

    /// <summary>How much this cadre studies and visits relative to the targets (1 = exactly on target).</summary>
    public required double Diligence { get; init; }

    public string UnitOn(DateOnly day) => At(Units, day);

    public Rank RankOn(DateOnly day) => At(Ranks, day);

    private static T At<T>(List<Spell<T>> spells, DateOnly day)
    {
        var value = spells[0].Value;
        foreach (var spell in spells)
            if (spell.From <= day) value = spell.Value;
        return value;
    }
}

/// <summary>Chinese names and realistic proportions of rank, education, age and post.</summary>
public static class Cadres
{
    // The commonest surnames, most frequent first (a few repeated to weight them).
    private const string Surnames = "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤";
    private const string GivenChars = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁婷雪琳晨辉建国志文海燕丹亮成林斌鹏飞雯晓倩颖佳欣怡泽宏庆春晖瑞嘉博思远清源";

    /// <summary>The staff number of the <paramref name="index"/>th generated cadre (from 1).</summary>
    public static string StaffNo(int index) => $"E{index:D6}";

    public static string NameOf(Random random)
    {
        var name = Surnames[random.Next(Surnames.Length)].ToString() + GivenChars[random.Next(GivenChars.Length)];
        return random.NextDouble() < 0.7 ? name + GivenChars[random.Next(GivenChars.Length)] : name;
    }

    public static Rank RankOf(Random random) => random.NextDouble() switch
    {
        < 0.08 => Rank.Leader,
        < 0.38 => Rank.SectionLevel,
        _ => Rank.Staff,
    };

    public static EducationLevel EducationOf(Random random) => random.NextDouble() switch
    {
        < 0.01 => EducationLevel.HighSchool,
        < 0.04 => EducationLevel.SecondaryVocational,
        < 0.16 => EducationLevel.JuniorCollege,
        < 0.78 => EducationLevel.Bachelor,
        < 0.98 => EducationLevel.Master,
        _ => EducationLevel.Doctorate,
    };

    public static PostCategory PostOf(Random random, string unitCode) =>
        unitCode.Contains("ZF", StringComparison.Ordinal) ? PostCategory.InspectionEnforcement
        : unitCode.Contains("JC", StringComparison.Ordinal) ? PostCategory.Monitoring
        : (PostCategory)random.Next(Enum.GetValues<PostCategory>().Length);

    /// <summary>A normally distributed number (Box–Muller).</summary>
    public static double Normal(Random random, double mean, double deviation) =>
        mean + deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A Guid made from the random sequence (version 4 bits), so a seed always makes the same ids.</summary>
    public static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public static DateOnly Between(Random random, DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(from.DayNumber + random.Next(to.DayNumber - from.DayNumber + 1));
}
