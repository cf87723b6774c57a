using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.ServiceVisits;

/// <summary>
/// Stores each cadre's <see cref="CadreServiceLog"/> (inline, so a decision sees the facts just recorded and a
/// view follows a write at once). It is nothing but <see cref="CadreServiceLog.Apply"/>: the as-of view folds the
/// stream with the same function.
/// </summary>
public sealed partial class CadreServiceLogProjection : SingleStreamProjection<CadreServiceLog, string>
{
    public CadreServiceLogProjection()
    {
        // The organisation facts that decide the rule and the unit, from the same cadre stream.
        IncludeType<CadreRegistered>();
        IncludeType<CadreRankChanged>();
        IncludeType<CadreTransferred>();
        IncludeType<CadreDeparted>();
        IncludeType<CadreReturned>();

        IncludeType<GrassrootsVisitRecorded>();
        IncludeType<GrassrootsVisitRevoked>();
        IncludeType<EnterpriseAssistanceStarted>();
        IncludeType<EnterpriseAssistanceEnded>();
        IncludeType<EnterpriseAssistanceRevoked>();
        IncludeType<ResearchArticleRecorded>();
        IncludeType<ResearchArticleRevoked>();
        IncludeType<ImprovementSuggestionRecorded>();
        IncludeType<ImprovementSuggestionRevoked>();
    }

    public override CadreServiceLog? Evolve(CadreServiceLog? snapshot, string id, IEvent e) => CadreServiceLog.Apply(snapshot, id, e.Data);
}
