using System.Globalization;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Audit.Changes;

/// <summary>A value that held from a business day on.</summary>
public sealed record DatedValue(string Value, DateOnly From);

/// <summary>A cadre's record as the audit shows and compares it: the current values and the dated history behind them.</summary>
/// <param name="Version">How many facts about the cadre (any module) were recorded up to the instant.</param>
/// <param name="Units">Units held, by the day each began (back-dated transfers included).</param>
/// <param name="Membership">Departures and returns: <c>Retired</c> (or another kind) from the day after the last day of membership, <c>Returned</c> from the return.</param>
public sealed record RecordSnapshot(
    string StaffNo,
    string Name,
    string UnitCode,
    Rank Rank,
    DateOnly BirthDate,
    EducationLevel Education,
    PostCategory PostCategory,
    bool PartyMember,
    DateOnly JoinedOn,
    long Version,
    IReadOnlyList<DatedValue> Units,
    IReadOnlyList<DatedValue> Ranks,
    IReadOnlyList<DatedValue> Educations,
    IReadOnlyList<DatedValue>? Membership = null)
{
    public static RecordSnapshot From(CadreRecord c, long version) => new(c.StaffNo, c.Name, c.UnitCode, c.Rank, c.BirthDate, c.Education,
        c.PostCategory, c.PartyMember, c.JoinedOn, version,
        c.Units.Select(u => new DatedValue(u.Value, u.From)).ToList(),
        c.Ranks.Select(r => new DatedValue(r.Value.ToString(), r.From)).ToList(),
        c.Educations.Select(e => new DatedValue(e.Value.ToString(), e.From)).ToList(),
        c.Departures.SelectMany(d => d.ReturnedOn is { } back
            ? new[] { new DatedValue(d.Kind.ToString(), d.LeftOn.AddDays(1)), new DatedValue("Returned", back) }
            : [new DatedValue(d.Kind.ToString(), d.LeftOn.AddDays(1))]).ToList());
}

/// <summary>A cadre's compliance in a year, as the compliance route shows it.</summary>
public sealed record YearComplianceView(int Year, int RulebookVersion, bool Compliant, DateOnly ViewDate, string UnitCode, string Rank,
    IReadOnlyList<YearCheck> Checks)
{
    public static YearComplianceView From(CadreYearCompliance c) => new(c.Year, c.RulebookVersion, c.Compliant, c.ViewDate, c.UnitCode, c.Rank,
        c.Checks.Select(k => new YearCheck(k.Rule, k.Target, k.Actual, k.Met, k.Note?.ToString())).ToList());
}

/// <summary>One rule's result in a year.</summary>
public sealed record YearCheck(string Rule, decimal Target, decimal Actual, bool Met, string? Note);

/// <summary>One field that differs between two views.</summary>
/// <param name="Field">The field: <c>unitCode</c>, <c>units</c>, or for compliance <c>compliant</c>, <c>SVC-1.actual</c>, <c>TRN-1.met</c>, …</param>
/// <param name="Before">Its value before (null: absent then).</param>
/// <param name="After">Its value after (null: absent now).</param>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>
/// Compares two views field by field, flattened to text: what an auditor reads as "before → after". Pure; the version
/// (which every fact moves) is left to the caller.
/// </summary>
public static class FieldDiff
{
    public static IReadOnlyList<FieldChange> Compare(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        before.Keys.Union(after.Keys)
            .Select(field => new FieldChange(field, before.GetValueOrDefault(field), after.GetValueOrDefault(field)))
            .Where(c => c.Before != c.After)
            .ToList();

    public static IReadOnlyList<FieldChange> Compare(RecordSnapshot? before, RecordSnapshot? after) => Compare(Flatten(before), Flatten(after));

    public static IReadOnlyList<FieldChange> Compare(YearComplianceView? before, YearComplianceView? after) => Compare(Flatten(before), Flatten(after));

    /// <summary>The record's fields as text, in the order the record lists them (the version left out).</summary>
    public static IReadOnlyDictionary<string, string?> Flatten(RecordSnapshot? r)
    {
        if (r is null) return new Dictionary<string, string?>();
        var fields = Fields(r);
        // Membership is a field only once the cadre has left the system: a cadre who never left has none to compare.
        if (r.Membership is { Count: > 0 } membership) fields["membership"] = Dated(membership);
        return fields;
    }

    private static Dictionary<string, string?> Fields(RecordSnapshot r) => new()
    {
        ["staffNo"] = r.StaffNo, ["name"] = r.Name, ["unitCode"] = r.UnitCode, ["rank"] = r.Rank.ToString(), ["birthDate"] = Day(r.BirthDate),
        ["education"] = r.Education.ToString(), ["postCategory"] = r.PostCategory.ToString(), ["partyMember"] = r.PartyMember ? "true" : "false",
        ["joinedOn"] = Day(r.JoinedOn), ["units"] = Dated(r.Units), ["ranks"] = Dated(r.Ranks), ["educations"] = Dated(r.Educations),
    };

    /// <summary>A year's compliance as text: overall result, rulebook, unit and rank on the view date, and each rule's target, actual and met.</summary>
    public static IReadOnlyDictionary<string, string?> Flatten(YearComplianceView? y)
    {
        var fields = new Dictionary<string, string?>();
        if (y is null) return fields;
        fields["compliant"] = y.Compliant ? "true" : "false";
        fields["rulebookVersion"] = y.RulebookVersion.ToString(CultureInfo.InvariantCulture);
        fields["viewDate"] = Day(y.ViewDate);
        fields["unitCode"] = y.UnitCode;
        fields["rank"] = y.Rank;
        foreach (var check in y.Checks)
        {
            fields[$"{check.Rule}.target"] = Number(check.Target);
            fields[$"{check.Rule}.actual"] = Number(check.Actual);
            fields[$"{check.Rule}.met"] = check.Met ? "true" : "false";
        }
        return fields;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Dated(IEnumerable<DatedValue> values) => string.Join("; ", values.Select(v => $"{v.Value} from {Day(v.From)}"));
}
