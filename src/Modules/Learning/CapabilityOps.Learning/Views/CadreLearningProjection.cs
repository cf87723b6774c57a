using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Learning.Views;

/// <summary>
/// <see cref="CadreLearning"/> per cadre stream, asynchronous: one writer per document, so concurrent appends to a
/// cadre never lose an update, and imports do not pay for it. Evolve is <see cref="CadreLearningFold.Apply"/>.
/// </summary>
public sealed partial class CadreLearningProjection : SingleStreamProjection<CadreLearning, string>
{
    public CadreLearningProjection()
    {
        IncludeType<CadreRegistered>();
        IncludeType<StudyHoursLogged>();
        IncludeType<StudyHoursRevoked>();
        IncludeType<LearningSessionAttended>();
        IncludeType<CompetitionEntered>();
    }

    public override CadreLearning? Evolve(CadreLearning? snapshot, string id, IEvent e) => CadreLearningFold.Apply(snapshot, id, e.Data);
}
