namespace CapabilityOps.Learning.Contracts;

/// <summary>How study hours were earned (LRN-1: 线上线下学习).</summary>
public enum StudyChannel
{
    /// <summary>线上 — online: the 学习强国 app, cadre online academies, the e-library.</summary>
    Online,
    /// <summary>线下 — offline: sessions, trainings, reading in person.</summary>
    Offline,
}

/// <summary>The kinds of learning session a unit records (LRN-2, LRN-3, LRN-5, LRN-6, LRN-7).</summary>
public enum LearningSessionKind
{
    /// <summary>党组中心组学习 — the party group's central study group (LRN-2, at least once a quarter).</summary>
    CentralGroupStudy,
    /// <summary>集中学习培训 — a concentrated study or training for all the unit's staff (LRN-3, at least once a year).</summary>
    ConcentratedTraining,
    /// <summary>会前学法 — law study before a party-group meeting (LRN-5).</summary>
    PreMeetingLawStudy,
    /// <summary>三会一课 — "three meetings, one lesson" of a party branch (LRN-5).</summary>
    ThreeMeetingsOneLesson,
    /// <summary>学习园地 — a learning-corner session, in one of the <see cref="LearningCornerFormat"/>s (LRN-6).</summary>
    LearningCorner,
    /// <summary>节日活动 — a festival activity on 三·八, 五·四, 七·一 or 十·一 (LRN-7).</summary>
    FestivalActivity,
    /// <summary>红色教育 — a red-education activity or visit (LRN-7).</summary>
    RedEducation,
}

/// <summary>The three formats of a learning-corner session (LRN-6).</summary>
public enum LearningCornerFormat
{
    /// <summary>我要讲 — I present.</summary>
    Present,
    /// <summary>主动问 — I ask.</summary>
    Ask,
    /// <summary>共同学 — we learn together.</summary>
    LearnTogether,
}

/// <summary>The festivals the programme names for activities (LRN-7).</summary>
public enum Festival
{
    /// <summary>三·八 — International Women's Day, 8 March.</summary>
    WomensDay,
    /// <summary>五·四 — Youth Day, 4 May.</summary>
    YouthDay,
    /// <summary>七·一 — the Party's founding day, 1 July.</summary>
    PartyFoundingDay,
    /// <summary>十·一 — National Day, 1 October.</summary>
    NationalDay,
}

/// <summary>Contests and competitions (LRN-4, LRN-6, LRN-7).</summary>
public enum CompetitionKind
{
    /// <summary>知识竞赛 — a knowledge competition on party knowledge and eco-environment business (LRN-4, LRN-6).</summary>
    KnowledgeCompetition,
    /// <summary>演讲比赛 — a speech contest (LRN-6).</summary>
    SpeechContest,
    /// <summary>写作比赛 — a writing contest (LRN-6).</summary>
    WritingContest,
    /// <summary>党章党规知识竞赛 — a party constitution and rules contest, usually at a festival (LRN-7).</summary>
    PartyRulesContest,
}

/// <summary>Interest groups (兴趣小组, LRN-6).</summary>
public enum InterestGroupKind
{
    /// <summary>文学 — literature.</summary>
    Literature,
    /// <summary>文体 — sports and arts.</summary>
    Sports,
    /// <summary>科研 — research.</summary>
    Research,
    /// <summary>其他 — any other interest.</summary>
    Other,
}
