using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Learning.InterestGroups;

/// <summary>
/// Joining an interest group, decided the same way when the group is formed and when members join later:
/// current members are left alone, a new member exists and had joined the bureau by the day.
/// </summary>
public static class InterestGroupMembers
{
    public static Decision DecideJoin(InterestGroupRecord group, IReadOnlyList<string> staffNos, DateOnly joinedOn, Func<string, CadreRecord?> cadreOf)
    {
        var added = staffNos.Where(s => !group.IsMember(s)).ToList();
        if (added.Count == 0) return Decision.Accept();
        if (CadreLists.CheckMembers("members", added, cadreOf, joinedOn, Msg("DayJoiningGroup")) is { } problem) return problem;
        return Decision.Accept([
            new InterestGroupMembersJoined(group.GroupId, group.UnitCode, joinedOn, added),
            .. added.Select(s => new InterestGroupJoined(group.GroupId, s, group.UnitCode, group.Name, group.Kind, joinedOn)),
        ]);
    }

    /// <summary>
    /// Appends group facts to the group's stream (by <paramref name="appendToGroup"/>) and each cadre's fact to the
    /// cadre's stream, locked for the transaction.
    /// </summary>
    internal static async Task AppendAsync(IDocumentSession session, Decision decision, Action<IReadOnlyList<object>> appendToGroup)
    {
        appendToGroup(decision.Events.Where(e => CadreOf(e) is null).ToList());
        var facts = decision.Events.Where(e => CadreOf(e) is not null).GroupBy(e => CadreOf(e)!).ToList();
        var streams = await CadreStreams.LockAsync(session, facts.Select(f => f.Key));
        foreach (var cadre in facts) streams.Append(session, cadre.Key, [.. cadre]);
    }

    private static string? CadreOf(object fact) => fact switch { InterestGroupJoined j => j.StaffNo, InterestGroupLeft l => l.StaffNo, _ => null };
}
