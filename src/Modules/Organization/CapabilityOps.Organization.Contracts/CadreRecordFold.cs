using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Organization.Contracts;

/// <summary>
/// How a cadre's organisation events make its <see cref="CadreRecord"/>: the inline projection uses it, and so
/// does any module that needs the record as it stood at an instant (fold the stream read up to it).
/// </summary>
public static class CadreRecordFold
{
    public static CadreRecord? Apply(CadreRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case CadreRegistered r:
                return new CadreRecord
                {
                    Id = id, StaffNo = r.StaffNo, Name = r.Name, BirthDate = r.BirthDate, PostCategory = r.PostCategory,
                    PartyMember = r.PartyMember, JoinedOn = r.JoinedOn,
                    Units = [new(r.UnitCode, r.JoinedOn)], UnitsHeld = [r.UnitCode], Ranks = [new(r.Rank, r.JoinedOn)],
                    Educations = [new(r.Education, r.JoinedOn)],
                };
            case CadreTransferred t when snapshot is not null:
                Dated<string>.Insert(snapshot.Units, new(t.ToUnitCode, t.EffectiveOn));
                if (!snapshot.UnitsHeld.Contains(t.ToUnitCode)) snapshot.UnitsHeld.Add(t.ToUnitCode);
                return snapshot;
            case CadreRankChanged c when snapshot is not null:
                Dated<Rank>.Insert(snapshot.Ranks, new(c.ToRank, c.EffectiveOn));
                return snapshot;
            case CadreDeparted d when snapshot is not null:
                Membership.Apply(snapshot.Departures, d);
                if (d.Kind == DepartureKind.Retired) snapshot.CareFlags.Retired = true;
                return snapshot;
            case CadreReturned r when snapshot is not null:
                Membership.Apply(snapshot.Departures, r);
                if (snapshot.UnitOn(r.EffectiveOn) != r.UnitCode) Dated<string>.Insert(snapshot.Units, new(r.UnitCode, r.EffectiveOn));
                if (!snapshot.UnitsHeld.Contains(r.UnitCode)) snapshot.UnitsHeld.Add(r.UnitCode);
                return snapshot;
            case CareFlagsSet f when snapshot is not null:
                Dated<CareFlags>.Insert(snapshot.CareFlagHistory,
                    new(new CareFlags { Retired = f.Retired, Veteran = f.Veteran, Hardship = f.Hardship, VillageStationed = f.VillageStationed, Talent = f.Talent },
                        f.EffectiveOn));
                // The record's flags are the latest set's; a Retired departure keeps `retired` whatever the set says.
                snapshot.CareFlags = snapshot.CareFlagHistory[^1].Value with
                {
                    Retired = snapshot.CareFlagHistory[^1].Value.Retired || snapshot.Departures.Any(d => d.Kind == DepartureKind.Retired),
                };
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
