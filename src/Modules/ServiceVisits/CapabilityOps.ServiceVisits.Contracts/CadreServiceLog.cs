using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts.Events;

namespace CapabilityOps.ServiceVisits.Contracts;

/// <summary>
/// Everything the service rules need about one cadre, folded from the cadre's stream (<c>cadre:{staffNo}</c>):
/// the dates that decide which rule applies and where the cadre counts (joining, leaving, rank and unit history, from the
/// Organization module's events in the same stream) and every service fact with its corrections.
/// </summary>
/// <remarks>
/// <see cref="Apply"/> is the one fold: the module's projection stores it per cadre for the live views, and the
/// same fold over the stream read up to an instant answers "as known then" (<see cref="Fold"/>). It is public in
/// the Contracts so the compliance views can fold a cadre's stream the same way.
/// </remarks>
public sealed class CadreServiceLog : ICadreState
{
    /// <summary>The stream key, <c>cadre:{staffNo}</c>.</summary>
    public string Id { get; set; } = "";
    public string StaffNo { get; set; } = "";
    public string Name { get; set; } = "";
    public DateOnly JoinedOn { get; set; }

    /// <summary>Ranks held, ordered by the date each began.</summary>
    public List<Dated<Rank>> Ranks { get; set; } = [];

    /// <summary>Units held, ordered by the date each began.</summary>
    public List<Dated<string>> Units { get; set; } = [];

    /// <summary>Every unit the cadre has belonged to, so a unit view can find its cadres in the database.</summary>
    public List<string> UnitCodes { get; set; } = [];

    /// <summary>Each time the cadre left the system, with the return if any: where the years' rules stop and start again.</summary>
    public List<Departure> Departures { get; set; } = [];

    IReadOnlyList<Departure> ICadreState.Departures => Departures;

    public List<VisitEntry> Visits { get; set; } = [];
    public List<AssistanceEntry> Assistances { get; set; } = [];
    public List<ArticleEntry> Articles { get; set; } = [];
    public List<SuggestionEntry> Suggestions { get; set; } = [];

    /// <summary>The rank held on <paramref name="day"/> (the first rank for days before joining).</summary>
    public Rank RankOn(DateOnly day) => Dated<Rank>.At(Ranks, day);

    /// <summary>The unit held on <paramref name="day"/> (the first unit for days before joining).</summary>
    public string UnitOn(DateOnly day) => Dated<string>.At(Units, day);

    /// <summary>One step of the fold: the log after <paramref name="data"/>; events it does not know leave it as it is.</summary>
    public static CadreServiceLog? Apply(CadreServiceLog? log, string streamKey, object data)
    {
        switch (data)
        {
            case CadreRegistered r:
                return new CadreServiceLog
                {
                    Id = streamKey, StaffNo = r.StaffNo, Name = r.Name, JoinedOn = r.JoinedOn,
                    Ranks = [new(r.Rank, r.JoinedOn)], Units = [new(r.UnitCode, r.JoinedOn)], UnitCodes = [r.UnitCode],
                };
            case CadreRankChanged c when log is not null:
                Dated<Rank>.Insert(log.Ranks, new(c.ToRank, c.EffectiveOn));
                return log;
            case CadreTransferred t when log is not null:
                Dated<string>.Insert(log.Units, new(t.ToUnitCode, t.EffectiveOn));
                if (!log.UnitCodes.Contains(t.ToUnitCode)) log.UnitCodes.Add(t.ToUnitCode);
                return log;
            case CadreDeparted d when log is not null:
                Membership.Apply(log.Departures, d);
                return log;
            case CadreReturned r when log is not null:
                Membership.Apply(log.Departures, r);
                if (log.UnitOn(r.EffectiveOn) != r.UnitCode) Dated<string>.Insert(log.Units, new(r.UnitCode, r.EffectiveOn));
                if (!log.UnitCodes.Contains(r.UnitCode)) log.UnitCodes.Add(r.UnitCode);
                return log;
            case GrassrootsVisitRecorded v when log is not null:
                log.Visits.Add(new(v.VisitId, v.From, v.To, v.Kind, v.Place, v.Enterprise, Revoked: false, RevokedReason: null));
                return log;
            case GrassrootsVisitRevoked v when log is not null:
                Replace(log.Visits, v, static (x, e) => x.Id == e.VisitId, static (x, e) => x with { Revoked = true, RevokedReason = e.Reason });
                return log;
            case EnterpriseAssistanceStarted a when log is not null:
                log.Assistances.Add(new(a.AssistanceId, a.Enterprise, a.Since, EndedOn: null, EndReason: null));
                return log;
            case EnterpriseAssistanceEnded a when log is not null:
                Replace(log.Assistances, a, static (x, e) => x.Id == e.AssistanceId, static (x, e) => x with { EndedOn = e.EndedOn, EndReason = e.Reason });
                return log;
            case EnterpriseAssistanceRevoked a when log is not null:
                Replace(log.Assistances, a, static (x, e) => x.Id == e.AssistanceId, static (x, e) => x with { Revoked = true, RevokedReason = e.Reason });
                return log;
            case ResearchArticleRecorded a when log is not null:
                log.Articles.Add(new(a.ArticleId, a.Title, a.CompletedOn));
                return log;
            case ResearchArticleRevoked a when log is not null:
                Replace(log.Articles, a, static (x, e) => x.Id == e.ArticleId, static (x, e) => x with { Revoked = true, RevokedReason = e.Reason });
                return log;
            case ImprovementSuggestionRecorded s when log is not null:
                log.Suggestions.Add(new(s.SuggestionId, s.Title, s.MadeOn, s.AddressedTo));
                return log;
            case ImprovementSuggestionRevoked s when log is not null:
                Replace(log.Suggestions, s, static (x, e) => x.Id == e.SuggestionId, static (x, e) => x with { Revoked = true, RevokedReason = e.Reason });
                return log;
            default:
                return log;
        }
    }

    /// <summary>The log the given event data (oldest first) make; null when they hold no cadre registration.</summary>
    public static CadreServiceLog? Fold(string streamKey, IEnumerable<object> events) =>
        events.Aggregate((CadreServiceLog?)null, (log, e) => Apply(log, streamKey, e));

    /// <summary>The first item <paramref name="match"/> finds, changed. The event is passed, not captured: a closure over it would be
    /// allocated for every event the fold applies, whatever its type.</summary>
    private static void Replace<T, TEvent>(List<T> items, TEvent e, Func<T, TEvent, bool> match, Func<T, TEvent, T> change)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (!match(items[i], e)) continue;
            items[i] = change(items[i], e);
            return;
        }
    }
}

/// <summary>A grassroots visit as recorded, with its revocation when it was withdrawn.</summary>
public sealed record VisitEntry(Guid Id, DateOnly From, DateOnly To, VisitKind Kind, string Place, string? Enterprise, bool Revoked, string? RevokedReason)
{
    public DateRange ToRange() => new(From, To);
}

/// <summary>
/// A fixed-point assistance to an enterprise; <see cref="EndedOn"/> (its last day) is null while it goes on. A revoked
/// one was recorded by mistake and counts nowhere.
/// </summary>
public sealed record AssistanceEntry(Guid Id, string Enterprise, DateOnly Since, DateOnly? EndedOn, string? EndReason,
    bool Revoked = false, string? RevokedReason = null)
{
    /// <summary>Whether the assistance ran on at least one day of <paramref name="window"/>.</summary>
    public bool ActiveDuring(DateRange window) => Since <= window.To && (EndedOn is null || EndedOn >= window.From);

    public bool ActiveOn(DateOnly day) => ActiveDuring(new DateRange(day, day));
}

/// <summary>A research article; a revoked one was recorded by mistake and does not count.</summary>
public sealed record ArticleEntry(Guid Id, string Title, DateOnly CompletedOn, bool Revoked = false, string? RevokedReason = null);

/// <summary>A record of suggestions and improvement measures; a revoked one was recorded by mistake and does not count.</summary>
public sealed record SuggestionEntry(Guid Id, string Title, DateOnly MadeOn, string? AddressedTo, bool Revoked = false, string? RevokedReason = null);
