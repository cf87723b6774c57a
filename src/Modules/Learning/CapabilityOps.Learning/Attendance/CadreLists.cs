using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;

namespace CapabilityOps.Learning.Attendance;

/// <summary>The lists of cadres a request names (attendees, participants, members): read, checked and scoped the same way everywhere.</summary>
public static class CadreLists
{
    /// <summary>The most cadres one request may name.</summary>
    public const int MaxCadres = 5_000;

    /// <summary>Each staff number once, in the order given.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string?>? staffNos) =>
        staffNos?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];

    /// <summary>Every named cadre exists and was a member on <paramref name="day"/>.</summary>
    public static Problem? CheckMembers(string field, IEnumerable<string> staffNos, Func<string, CadreRecord?> cadreOf, DateOnly day, Text dayName)
    {
        var list = staffNos.ToList();
        var unknown = list.Where(s => cadreOf(s) is null).ToList();
        if (unknown.Count > 0) return Problem.Invalid(field, Msg("NoSuchCadres", Names(unknown)));
        var notYet = list.Where(s => cadreOf(s)!.JoinedOn > day).ToList();
        if (notYet.Count > 0) return Problem.Invalid(field, Msg("JoinedAfter", Names(notYet), dayName, day));
        // As the cadre-fact appender refuses a fact dated after the cadre left the system.
        var left = list.Where(s => cadreOf(s)!.AwayOn(day) is not null).ToList();
        if (left.Count == 1) return Membership.LeftTheSystem(left[0], cadreOf(left[0])!.AwayOn(day)!, field, day);
        if (left.Count > 0) return Problem.Conflict(Msg("LeftBy", Names(left), dayName, day));
        return null;
    }

    /// <summary>403 when a named cadre's current unit is outside the key's units: a fact lands in each cadre's own history.</summary>
    public static async Task<Problem?> CheckScopeAsync(IAccessScope scope, IEnumerable<CadreRecord> cadres)
    {
        if (scope.IsAdmin) return null;
        var outside = new List<string>();
        foreach (var unit in cadres.GroupBy(c => c.UnitCode))
            if (!await scope.CoversUnitAsync(unit.Key)) outside.AddRange(unit.Select(c => c.StaffNo));
        return outside.Count == 0 ? null : Problem.Forbidden(Msg("CadresOutOfScope", Names(outside)));
    }

    public static async Task<Dictionary<string, CadreRecord>> LoadAsync(IQuerySession session, IEnumerable<string> staffNos)
    {
        var keys = staffNos.Select(StreamKeys.Cadre).ToArray();
        if (keys.Length == 0) return [];
        var cadres = await session.LoadManyAsync<CadreRecord>(keys);
        return cadres.ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
    }

    /// <summary>A list of staff numbers: each valid, at most <see cref="MaxCadres"/>.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> StaffNumbers<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(list => list is null || list.Count <= MaxCadres).WithText(Msg("AtMostCadres", MaxCadres))
            .Must(list => list is null || list.All(s => s is not null && Validation.CodePattern().IsMatch(s.Trim())))
            .WithText(Msg("StaffNumbersFormat"));

    /// <summary>The staff numbers, quoted: the first 20, then how many more.</summary>
    private static Text Names(IReadOnlyCollection<string> staffNos) =>
        Msg(staffNos.Count > 20 ? "NamesAndMore" : "Names", staffNos.Take(20).Select(s => Msg("Quoted", s)).ToList(), staffNos.Count - 20);
}
