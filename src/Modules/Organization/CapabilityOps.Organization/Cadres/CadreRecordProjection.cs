using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Organization.Cadres;

/// <summary>
/// The cadre's organisational record. Only organisation events touch it; other modules' events in the
/// same cadre stream are not fed to it. The same Evolve folds a stream up to an instant for <c>?asOf=</c>.
/// </summary>
public sealed partial class CadreRecordProjection : SingleStreamProjection<CadreRecord, string>
{
    public CadreRecordProjection()
    {
        IncludeType<CadreRegistered>();
        IncludeType<CadreTransferred>();
        IncludeType<CadreRankChanged>();
        IncludeType<EducationAwarded>();
    }

    public override CadreRecord? Evolve(CadreRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static CadreRecord? Apply(CadreRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case CadreRegistered r:
                return new CadreRecord
                {
                    Id = id, StaffNo = r.StaffNo, Name = r.Name, BirthDate = r.BirthDate, PostCategory = r.PostCategory,
                    PartyMember = r.PartyMember, JoinedOn = r.JoinedOn,
                    Units = [new(r.UnitCode, r.JoinedOn)], Ranks = [new(r.Rank, r.JoinedOn)],
                    Educations = [new(r.Education, r.JoinedOn)],
                };
            case CadreTransferred t when snapshot is not null:
                Dated<string>.Insert(snapshot.Units, new(t.ToUnitCode, t.EffectiveOn));
                return snapshot;
            case CadreRankChanged c when snapshot is not null:
                Dated<Rank>.Insert(snapshot.Ranks, new(c.ToRank, c.EffectiveOn));
                return snapshot;
            case EducationAwarded a when snapshot is not null:
                Dated<EducationLevel>.Insert(snapshot.Educations, new(a.Level, a.AwardedOn));
                return snapshot;
            default:
                return snapshot;
        }
    }

    /// <summary>The record as the given events (oldest first) make it; null when they hold no registration.</summary>
    public static CadreRecord? Fold(string streamKey, IEnumerable<IEvent> events) =>
        events.Aggregate((CadreRecord?)null, (record, e) => Apply(record, streamKey, e.Data));
}
