using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;

namespace CapabilityOps.Learning.Competitions;

/// <summary>A participant of a competition and, when known, the result.</summary>
/// <param name="StaffNo">The participant's staff number.</param>
/// <param name="Award">The award or placing as announced, e.g. 一等奖, up to 50 characters.</param>
/// <param name="Score">The score, when the competition gives one.</param>
public sealed record CompetitionParticipant(string? StaffNo, string? Award, decimal? Score);

/// <summary>
/// Who takes part in a competition and with what result, decided the same way when the competition is recorded
/// and when participants or results are added later: a new participant exists and had joined by the day and gets
/// <c>CompetitionEntered</c>; a known participant with a new result gets <c>CompetitionResultRecorded</c>; the
/// rest changes nothing.
/// </summary>
public static class CompetitionParticipants
{
    public static Decision Decide(CompetitionRecord competition, IReadOnlyList<CompetitionParticipant> given, Func<string, CadreRecord?> cadreOf)
    {
        // The last entry for a cadre wins, as if the entries were sent one by one.
        var results = given.GroupBy(p => p.StaffNo!.Trim(), StringComparer.Ordinal)
            .Select(g => new CompetitionResult(g.Key, string.IsNullOrWhiteSpace(g.Last().Award) ? null : g.Last().Award!.Trim(), g.Last().Score))
            .ToList();
        var known = competition.Participants.ToDictionary(p => p.StaffNo, StringComparer.Ordinal);
        var added = results.Where(r => !known.ContainsKey(r.StaffNo)).ToList();
        if (CadreLists.CheckMembers("participants", added.Select(r => r.StaffNo), cadreOf, competition.HeldOn, Msg("DayTheCompetition")) is { } problem)
            return problem;
        var changed = results.Where(r => known.TryGetValue(r.StaffNo, out var before) && (r.Award is not null || r.Score is not null)
                                         && (r.Award != before.Award || r.Score != before.Score)).ToList();
        if (added.Count == 0 && changed.Count == 0) return Decision.Accept();

        var events = new List<object> { new CompetitionParticipantsRecorded(competition.CompetitionId, competition.UnitCode, [.. added, .. changed]) };
        events.AddRange(added.Select(r => new CompetitionEntered(competition.CompetitionId, r.StaffNo, competition.UnitCode, competition.Kind,
            competition.HeldOn, competition.Topic, r.Award, r.Score)));
        events.AddRange(changed.Select(r => new CompetitionResultRecorded(competition.CompetitionId, r.StaffNo, r.Award, r.Score)));
        return Decision.Accept([.. events]);
    }

    /// <summary>Appends each participant's facts to the participant's stream, locked for the transaction.</summary>
    internal static async Task AppendToCadresAsync(Marten.IDocumentSession session, Decision decision)
    {
        var facts = decision.Events.Where(e => CadreOf(e) is not null).GroupBy(e => CadreOf(e)!).ToList();
        var streams = await CadreStreams.LockAsync(session, facts.Select(f => f.Key));
        foreach (var cadre in facts) streams.Append(session, cadre.Key, [.. cadre]);
    }

    /// <summary>The facts that land in a participant's own stream, and whose.</summary>
    internal static string? CadreOf(object fact) => fact switch
    {
        CompetitionEntered e => e.StaffNo,
        CompetitionResultRecorded r => r.StaffNo,
        _ => null,
    };

    public static IRuleBuilderOptions<T, IReadOnlyList<CompetitionParticipant>?> Participants<T>(this IRuleBuilder<T, IReadOnlyList<CompetitionParticipant>?> rule) =>
        rule.Must(list => list is null || list.Count <= CadreLists.MaxCadres).WithText(Msg("AtMostCadres", CadreLists.MaxCadres))
            .Must(list => list is null || list.All(p => p?.StaffNo is not null && Validation.CodePattern().IsMatch(p.StaffNo.Trim())))
            .WithText(Msg("ParticipantStaffNo"))
            .Must(list => list is null || list.All(p => p?.Award is null || p.Award.Length <= 50))
            .WithText(Msg("AwardAtMost"));
}
