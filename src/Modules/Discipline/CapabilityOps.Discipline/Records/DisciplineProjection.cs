using CapabilityOps.Discipline.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace CapabilityOps.Discipline.Records;

/// <summary>
/// Discipline's documents, inline in the transaction that records the fact: the codes' versions and their acknowledgements
/// (the acknowledgement list and the once-per-version check read them), the sessions and the sanctions' marks (the unit
/// indicator reads them), and the confidential reads (the administrators' list). Inserts only, from the event alone — no
/// other projection's documents, which a rebuild runs side by side with. Partial: JasperFx's source generator registers the
/// types it inserts as published, so a rebuild empties their tables first.
/// </summary>
public sealed partial class DisciplineProjection : EventProjection
{
    public DisciplineProjection()
    {
        IncludeType<CodeOfConductPublished>();
        IncludeType<CodeOfConductAcknowledged>();
        IncludeType<DisciplineSessionHeld>();
        IncludeType<SanctionImposed>();
        IncludeType<ConfidentialDetailsRead>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case CodeOfConductPublished p:
                operations.Insert(new CodeOfConductRecord
                {
                    Id = DisciplineStreamKeys.CodeOfConduct(p.Version), Version = p.Version, Title = p.Title, EffectiveOn = p.EffectiveOn, AppliesTo = p.AppliesTo,
                });
                break;
            case CodeOfConductAcknowledged a:
                operations.Insert(new CodeAcknowledgementRecord { Id = CodeAcknowledgementRecord.IdOf(a.Version, a.StaffNo), Version = a.Version, StaffNo = a.StaffNo, On = a.On });
                break;
            case DisciplineSessionHeld s:
                operations.Insert(new DisciplineSessionRecord
                {
                    Id = DisciplineStreamKeys.Session(s.SessionId), SessionId = s.SessionId, UnitCode = s.UnitCode,
                    UnitPath = [.. s.UnitPath], Kind = s.Kind, Title = s.Title, HeldOn = s.HeldOn,
                    Attendees = [.. s.Attendees],
                });
                break;
            case SanctionImposed s:
                operations.Insert(new SanctionMark { Id = e.Id, StaffNo = s.StaffNo, ImposedOn = s.ImposedOn });
                break;
            case ConfidentialDetailsRead r:
                operations.Insert(new ConfidentialReadRecord
                {
                    Id = r.ReadId, StaffNo = r.StaffNo, ReadBy = r.ReadBy, Role = r.Role, KeyUnitCode = r.KeyUnitCode, ReadAt = r.ReadAt,
                });
                break;
        }
        return ValueTask.CompletedTask;
    }
}
