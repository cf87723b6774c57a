namespace CapabilityOps.Learning.Contracts;

/// <summary>
/// A fact another module appends to a cadre's stream that credits study hours towards LRN-1: a training attended, a unit's
/// business training. Learning knows no such module: its fold, its LRN-1 rule and its views count any event of a type Marten
/// knows that implements this, once per <see cref="CreditId"/>, in the year of <see cref="CreditedOn"/>.
/// </summary>
public interface IStudyHoursCredit
{
    string StaffNo { get; }

    /// <summary>Counted once per cadre, however often the fact is read.</summary>
    Guid CreditId { get; }

    /// <summary>The business day whose year the hours count in.</summary>
    DateOnly CreditedOn { get; }

    decimal CreditedHours { get; }

    StudyChannel CreditedChannel { get; }

    /// <summary>The source the hours are shown under in the learning view (<c>hoursBySource</c>).</summary>
    string CreditSource { get; }
}
