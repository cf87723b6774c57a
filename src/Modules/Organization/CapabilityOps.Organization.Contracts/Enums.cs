namespace CapabilityOps.Organization.Contracts;

/// <summary>The kind of a unit in the bureau's tree.</summary>
public enum UnitKind
{
    /// <summary>市局 — the city bureau, root of the tree.</summary>
    CityBureau,
    /// <summary>科室 — a department of a bureau.</summary>
    Department,
    /// <summary>直属单位 — a directly affiliated unit.</summary>
    DirectUnit,
    /// <summary>区县生态环境局 — a district or county bureau.</summary>
    CountyBureau,
}

/// <summary>A cadre's rank band; it decides which service-visit rule applies.</summary>
public enum Rank
{
    /// <summary>县处级及以上 — county/division level and above.</summary>
    Leader,
    /// <summary>科级 — section level.</summary>
    SectionLevel,
    /// <summary>一般干部 — staff.</summary>
    Staff,
}

/// <summary>Education levels in ascending order.</summary>
public enum EducationLevel
{
    /// <summary>高中</summary>
    HighSchool,
    /// <summary>中专</summary>
    SecondaryVocational,
    /// <summary>专科 — junior college.</summary>
    JuniorCollege,
    /// <summary>本科</summary>
    Bachelor,
    /// <summary>硕士</summary>
    Master,
    /// <summary>博士</summary>
    Doctorate,
}

/// <summary>A cadre's post category.</summary>
public enum PostCategory
{
    /// <summary>监察执法 — inspection and enforcement.</summary>
    InspectionEnforcement,
    /// <summary>行政审批 — administrative approval.</summary>
    AdministrativeApproval,
    /// <summary>财务管理 — financial management.</summary>
    FinancialManagement,
    /// <summary>文秘写作 — secretarial writing.</summary>
    SecretarialWriting,
    /// <summary>项目包装 — project packaging.</summary>
    ProjectPackaging,
    /// <summary>环境监测 — environmental monitoring.</summary>
    Monitoring,
    /// <summary>综合 — general.</summary>
    General,
}

/// <summary>How a cadre left the system.</summary>
public enum DepartureKind
{
    /// <summary>退休 — retired; the cadre keeps the <c>retired</c> care flag and stays in the care coverage of the unit left.</summary>
    Retired,
    /// <summary>调出 — transferred out of the bureau's system.</summary>
    TransferredOut,
    /// <summary>辞职 — resigned.</summary>
    Resigned,
    /// <summary>辞退/开除 — dismissed.</summary>
    Dismissed,
    /// <summary>去世 — deceased.</summary>
    Deceased,
}
