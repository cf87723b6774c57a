using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Talent.Scoring;

/// <summary>
/// APR-3: a national, provincial or municipal title conferred in the year, up to the view date, is a commendation that
/// weighs in the appraisal — each title once; the Appraisal module turns them into the rulebook's bonus points.
/// </summary>
public sealed class TitleCommendations : ICadreAppraisalContribution
{
    /// <summary>The levels whose titles weigh in the appraisal and count for the pacesetter and expert titles of TAL-5.</summary>
    public static readonly IReadOnlySet<TitleLevel> MunicipalOrAbove = new HashSet<TitleLevel> { TitleLevel.National, TitleLevel.Provincial, TitleLevel.Municipal };

    public IEnumerable<CadreAppraisalEffect> Evaluate(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents) =>
        cadreEvents
            .Where(e => e.Data is TitleConferred t && t.ConferredOn.Year == context.Year && t.ConferredOn <= context.ViewDate
                        && MunicipalOrAbove.Contains(t.Level))
            .Select(e => (Id: e.Id, Title: (TitleConferred)e.Data))
            .Select(t => new Commendation(Msg("Commendation", t.Title.Level, t.Title.Kind, t.Title.Title), [t.Id]));
}

/// <summary>
/// TAL-5: deputy-section-level and above posts are filled from pacesetters, experts, excellent party members and excellent
/// civil servants. A post-expert or business-pacesetter title at municipal level or above, or an excellent-party-member or
/// excellent-civil-servant title at any level, conferred within the 3 years up to the view date, makes the cadre a candidate.
/// </summary>
public sealed class TitleEligibility : IPromotionEligibilityContribution
{
    public const int Years = 3;

    public IEnumerable<EligibilityNote> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var since = context.ViewDate.AddYears(-Years);
        foreach (var e in cadreEvents)
        {
            if (e.Data is not TitleConferred t || t.ConferredOn <= since || t.ConferredOn > context.ViewDate || !Counts(t)) continue;
            yield return new EligibilityReason(t.Kind.ToString(), t.Level.ToString(), t.ConferredOn.Year,
                Msg("EligibleByTitle", t.Level, t.Kind, t.ConferredOn, t.Title), [e.Id]);
        }
    }

    private static bool Counts(TitleConferred title) => title.Kind switch
    {
        TitleKind.PostExpert or TitleKind.BusinessPacesetter => TitleCommendations.MunicipalOrAbove.Contains(title.Level),
        TitleKind.ExcellentPartyMember or TitleKind.ExcellentCivilServant => true,
        _ => false,
    };
}
