using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace CapabilityOps.Discipline.Records;

/// <summary>
/// Discipline's documents, inline in the transaction that records the fact: the codes' versions and their acknowledgements
/// (the acknowledgement list and the once-per-version check read them), the sessions and the sanctions' marks (the unit
/// indicator reads them by subtree), and the confidential reads (the administrators' list). Inserts only. Partial: JasperFx's
/// source generator registers the types it inserts as published, so a rebuild empties their tables first.
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

    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
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
                    UnitPath = await PathOf(operations, s.UnitCode, cancellation), Kind = s.Kind, Title = s.Title, HeldOn = s.HeldOn,
                    Attendees = [.. s.Attendees],
                });
                break;
            case SanctionImposed s:
                var cadre = await operations.LoadAsync<CadreRecord>(StreamKeys.Cadre(s.StaffNo), cancellation);
                var unit = cadre?.UnitOn(s.ImposedOn);
                operations.Insert(new SanctionMark { Id = e.Id, ImposedOn = s.ImposedOn, UnitPath = unit is null ? [] : await PathOf(operations, unit, cancellation) });
                break;
            case ConfidentialDetailsRead r:
                operations.Insert(new ConfidentialReadRecord
                {
                    Id = r.ReadId, StaffNo = r.StaffNo, ReadBy = r.ReadBy, Role = r.Role, KeyUnitCode = r.KeyUnitCode, ReadAt = r.ReadAt,
                });
                break;
        }
    }

    private static async Task<List<string>> PathOf(IDocumentOperations operations, string unitCode, CancellationToken cancellation) =>
        (await operations.LoadAsync<UnitRecord>(StreamKeys.Unit(unitCode), cancellation))?.Path ?? [unitCode];
}
