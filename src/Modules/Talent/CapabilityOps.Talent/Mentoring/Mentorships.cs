using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Mentoring;

/// <summary>A mentoring pair (TAL-3), inline from its own stream (<c>mentorship:{id}</c>).</summary>
public sealed class MentorshipRecord
{
    public static string StreamKey(Guid id) => "mentorship:" + id.ToString("D");

    /// <summary>The stream key, <c>mentorship:{id}</c>.</summary>
    public string Id { get; set; } = "";
    public Guid MentorshipId { get; set; }
    public string Mentor { get; set; } = "";
    public string Mentee { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly? EndedOn { get; set; }
}

public sealed partial class MentorshipProjection : SingleStreamProjection<MentorshipRecord, string>
{
    public MentorshipProjection()
    {
        IncludeType<MentorshipStarted>();
        IncludeType<MentorshipEnded>();
    }

    public override MentorshipRecord? Evolve(MentorshipRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static MentorshipRecord? Apply(MentorshipRecord? snapshot, string id, object data) => data switch
    {
        MentorshipStarted s => new MentorshipRecord { Id = id, MentorshipId = s.MentorshipId, Mentor = s.Mentor, Mentee = s.Mentee, From = s.From },
        MentorshipEnded e when snapshot is not null => Ended(snapshot, e.On),
        _ => snapshot,
    };

    private static MentorshipRecord Ended(MentorshipRecord record, DateOnly on)
    {
        record.EndedOn = on;
        return record;
    }
}

/// <summary>Pair a mentor with a new cadre (一对一传帮带).</summary>
/// <param name="Mentor">The mentor's staff number: section level or above on `from`, or holding a PostExpert or BusinessPacesetter title by then.</param>
/// <param name="Mentee">The new cadre's staff number: joined within the rulebook's `TAL-3.newStaffYears` years before `from`.</param>
/// <param name="From">YYYY-MM-DD the pair starts; not in the future, both cadres members that day.</param>
public sealed record StartMentorship(string? Mentor, string? Mentee, DateOnly? From) : IHasExample<StartMentorship>
{
    public static StartMentorship Example => new("E-0001", "E-0101", new DateOnly(2026, 9, 1));
}

public sealed class StartMentorshipValidator : AbstractValidator<StartMentorship>
{
    public StartMentorshipValidator()
    {
        RuleFor(x => x.Mentor).Code();
        RuleFor(x => x.Mentee).Code();
        RuleFor(x => x.From).Required();
    }
}

/// <summary>End a mentoring pair.</summary>
/// <param name="On">YYYY-MM-DD the pair ended; not in the future, not before it started.</param>
public sealed record EndMentorship(DateOnly? On) : IHasExample<EndMentorship>
{
    public static EndMentorship Example => new(new DateOnly(2027, 8, 31));
}

public sealed class EndMentorshipValidator : AbstractValidator<EndMentorship>
{
    public EndMentorshipValidator() => RuleFor(x => x.On).Required();
}

/// <summary>The id of the mentoring pair.</summary>
public sealed record MentorshipStartedView(Guid Id);

/// <summary>A mentoring pair as it stands.</summary>
public sealed record MentorshipView(Guid Id, string Mentor, string Mentee, DateOnly From, DateOnly? EndedOn);

public static class MentorshipEndpoints
{
    /// <summary>The titles that qualify a mentor whatever the rank.</summary>
    public static readonly IReadOnlySet<TitleKind> MentorTitles = new HashSet<TitleKind> { TitleKind.PostExpert, TitleKind.BusinessPacesetter };

    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal> { ["TAL-3.newStaffYears"] = 2 };

    /// <summary>
    /// Pure: both cadres known and members on the start day; the mentor at section level or above then, or holding a post-expert
    /// or pacesetter title conferred by then; the mentee joined within <paramref name="newStaffYears"/> years before the start,
    /// and in no other open pair.
    /// </summary>
    public static Decision DecideStart(StartMentorship command, Guid id, CadreRecord? mentor, IEnumerable<TitleConferred> mentorTitles, CadreRecord? mentee,
        bool menteeAlreadyPaired, int newStaffYears, DateOnly today)
    {
        var from = command.From!.Value;
        if (mentor is null) return Problem.Invalid("mentor", Msg("UnknownCadre", command.Mentor));
        if (mentee is null) return Problem.Invalid("mentee", Msg("UnknownCadre", command.Mentee));
        if (mentee.StaffNo == mentor.StaffNo) return Problem.Invalid("mentee", Msg("MenteeIsMentor"));
        if (from > today) return Problem.InFuture("from");
        if (!mentor.IsMemberOn(from) || mentor.JoinedOn > from) return Problem.Invalid("mentor", Msg("NotMemberOn", mentor.StaffNo, from));
        if (!mentee.IsMemberOn(from) || mentee.JoinedOn > from) return Problem.Invalid("mentee", Msg("NotMemberOn", mentee.StaffNo, from));
        var titled = mentorTitles.Any(t => MentorTitles.Contains(t.Kind) && t.ConferredOn <= from);
        if (mentor.RankOn(from) == Rank.Staff && !titled) return Problem.Invalid("mentor", Msg("MentorBelowRule", mentor.StaffNo, from));
        if (mentee.JoinedOn.AddYears(newStaffYears) < from) return Problem.Invalid("mentee", Msg("MenteeNotNew", mentee.StaffNo, mentee.JoinedOn, newStaffYears));
        if (menteeAlreadyPaired) return Problem.Conflict(Msg("MenteeAlreadyPaired", mentee.StaffNo));
        return Decision.Accept(new MentorshipStarted(id, mentor.StaffNo, mentee.StaffNo, from));
    }

    /// <summary>Pure: an open pair ends on or after its start, not in the future.</summary>
    public static Decision DecideEnd(MentorshipRecord pair, EndMentorship command, DateOnly today)
    {
        var on = command.On!.Value;
        if (pair.EndedOn is { } ended) return Problem.Conflict(Msg("MentorshipEnded", ended));
        if (on > today) return Problem.InFuture("on");
        if (on < pair.From) return Problem.Invalid("on", Msg("EndBeforeStart", pair.From));
        return Decision.Accept(new MentorshipEnded(pair.MentorshipId, on));
    }

    /// <summary>Pair a mentor with a new cadre.</summary>
    /// <remarks>
    /// The mentor is section level or above, or holds a PostExpert or BusinessPacesetter title; the mentee joined within the
    /// rulebook's `TAL-3.newStaffYears` (default 2) years: else 400. A mentee in an open pair is a 409.
    /// </remarks>
    [WolverinePost("/api/v1/mentorships", OperationId = "StartMentorship"), Tags("Talent and care"), WriteAccess, ScopedByBody("mentee")]
    [ProducesResponseType<MentorshipStartedView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Start(StartMentorship command, IDocumentSession session, IAccessScope scope, IRulebooks rulebooks, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (!await scope.CoversCadreAsync(command.Mentee!, cancellation) || !await scope.CoversCadreAsync(command.Mentor!, cancellation))
            return Problem.OutOfScope.ToResult();
        // The mentee's stream is locked, so two pairs for one mentee are decided one after the other.
        var menteeStream = await session.Events.FetchForExclusiveWriting<CadreRecord>(StreamKeys.Cadre(command.Mentee!), cancellation);
        var mentor = await session.LoadAsync<CadreRecord>(StreamKeys.Cadre(command.Mentor!), cancellation);
        var titles = mentor is null ? [] : (await session.ReadStreamAsync(mentor.Id, null, [typeof(TitleConferred)], cancellation))
            .Select(e => e.Data).OfType<TitleConferred>().ToList();
        var paired = await session.Query<MentorshipRecord>().AnyAsync(m => m.Mentee == command.Mentee && m.EndedOn == null, cancellation);
        var rulebook = await rulebooks.ForYearAsync(session, command.From!.Value.Year, cancellation: cancellation);
        var id = Guid.CreateVersion7();
        var decision = DecideStart(command, id, mentor, titles, menteeStream.Aggregate, paired, rulebook.Whole("TAL-3.newStaffYears"), ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        session.Events.StartStream<MentorshipRecord>(MentorshipRecord.StreamKey(id), decision.Events);
        return Results.Created($"/api/v1/mentorships/{id}", new MentorshipStartedView(id));
    }

    /// <summary>End a mentoring pair.</summary>
    /// <remarks>A pair ended already is a 409.</remarks>
    [WolverinePost("/api/v1/mentorships/{id}/end", OperationId = "EndMentorship"), Tags("Talent and care"), WriteAccess]
    [NotUnitScoped("the pair's mentee: the endpoint checks the mentee is in the key's scope")]
    [ProducesResponseType<MentorshipView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> End(Guid id, EndMentorship command, IDocumentSession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        var key = MentorshipRecord.StreamKey(id);
        var stream = await session.Events.FetchForExclusiveWriting<MentorshipRecord>(key, cancellation);
        if (stream.Aggregate is not { } pair) return Problem.NotFound(Msg("NoMentorship", id)).ToResult();
        if (!await scope.CoversCadreAsync(pair.Mentee, cancellation)) return Problem.OutOfScope.ToResult();
        var decision = DecideEnd(pair, command, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        var after = decision.Events.Aggregate((MentorshipRecord?)pair, (r, e) => MentorshipProjection.Apply(r, key, e))!;
        return Results.Ok(new MentorshipView(after.MentorshipId, after.Mentor, after.Mentee, after.From, after.EndedOn));
    }
}
