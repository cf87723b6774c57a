namespace CapabilityOps.Training.Contracts;

/// <summary>What kind of training a cadre attended (TRN-2, TRN-3, TRN-4).</summary>
public enum TrainingKind
{
    /// <summary>环保大讲堂 — the eco-environment lecture series (TRN-2).</summary>
    Lecture,
    /// <summary>院士讲座 — an academician's lecture (TRN-2).</summary>
    AcademicianLecture,
    /// <summary>主体班 — the organisation department's main class (TRN-2).</summary>
    MainClass,
    /// <summary>领导干部读书班 — the leading cadres' reading class (TRN-2).</summary>
    ReadingClass,
    /// <summary>专项培训 — a special training across the system (TRN-3).</summary>
    Special,
    /// <summary>考察学习 — a study visit to a neighbouring city (TRN-4).</summary>
    StudyVisit,
    /// <summary>跟班学习 — shadowing in a business department (TRN-4).</summary>
    Shadowing,
}

/// <summary>Who held the training.</summary>
public enum TrainingLevel
{
    National,
    Provincial,
    Municipal,
    County,
    Bureau,
}

/// <summary>A practical-skills event (TRN-6).</summary>
public enum PracticeEventKind
{
    /// <summary>监测大比武 — a monitoring contest.</summary>
    MonitoringContest,
    /// <summary>执法大练兵 — an enforcement drill.</summary>
    EnforcementDrill,
    /// <summary>案卷评查 — a case-file review.</summary>
    CaseFileReview,
}

/// <summary>Where a degree study stands (TRN-1).</summary>
public enum DegreeStudyStatus
{
    /// <summary>申请中 — requested, not yet decided.</summary>
    Requested,
    /// <summary>已批准 — approved by personnel, with the fee to be reimbursed.</summary>
    Approved,
    /// <summary>未批准 — refused.</summary>
    Refused,
    /// <summary>已取得证书 — the diploma or degree certificate is recorded.</summary>
    Certified,
    /// <summary>已报销 — the approved fee was reimbursed.</summary>
    Reimbursed,
}

/// <summary>The Training module's fixed names: not targets (those are in the rulebook).</summary>
public static class TrainingDefaults
{
    /// <summary>The source under which a training's hours count in the learning view.</summary>
    public const string TrainingCreditSource = "training";

    /// <summary>The source under which a unit's business training's hours count in the learning view.</summary>
    public const string BusinessTrainingCreditSource = "business-training";
}

/// <summary>Streams the Training module owns besides the cadre streams: each business training and practice event has its own.</summary>
public static class TrainingStreamKeys
{
    public static string BusinessTraining(Guid id) => "business-training:" + id.ToString("D");

    public static string PracticeEvent(Guid id) => "practice-event:" + id.ToString("D");
}
