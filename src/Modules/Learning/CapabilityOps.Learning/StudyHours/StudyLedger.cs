using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>What a study-hours decision about one cadre and one day needs to know.</summary>
/// <param name="Cadre">The cadre; null when there is no such cadre.</param>
/// <param name="HoursOnDay">Hours that already count on the day (revoked records excluded).</param>
/// <param name="DuplicateKeyTaken">Whether a record with the same duplicate key exists already.</param>
public sealed record StudyDayState(CadreRecord? Cadre, decimal HoursOnDay, bool DuplicateKeyTaken);

/// <summary>
/// The state that study-hours decisions about many cadres at once depend on, read in two round trips
/// whatever the number of cadres: their records, their streams' versions, the hours already recorded on the
/// days concerned and the duplicate keys taken. Appends go to the cadre streams with the versions read, so a
/// concurrent change to one of them makes the save fail (409) instead of breaking the 24-hours-a-day rule.
/// Decisions taken on this ledger are remembered (<see cref="Remember"/>), so later rows of one batch see earlier ones.
/// </summary>
internal sealed class StudyLedger
{
    private readonly Dictionary<string, CadreRecord> _cadres;
    private readonly Dictionary<string, long> _versions;
    private readonly Dictionary<string, decimal> _hoursByDay;
    private readonly HashSet<string> _takenKeys;
    private readonly Dictionary<string, List<object>> _pending = new(StringComparer.Ordinal);

    private StudyLedger(Dictionary<string, CadreRecord> cadres, Dictionary<string, long> versions,
        Dictionary<string, decimal> hoursByDay, HashSet<string> takenKeys)
    {
        _cadres = cadres;
        _versions = versions;
        _hoursByDay = hoursByDay;
        _takenKeys = takenKeys;
    }

    public static async Task<StudyLedger> LoadAsync(IQuerySession session, IEnumerable<string> staffNos,
        IEnumerable<string> dayKeys, IEnumerable<string> duplicateKeys, CancellationToken cancellation = default)
    {
        var staff = staffNos.Distinct(StringComparer.Ordinal).ToArray();
        var days = dayKeys.Distinct(StringComparer.Ordinal).ToArray();
        var keys = duplicateKeys.Distinct(StringComparer.Ordinal).ToArray();

        // Versions first: what is read after them is at least as new, so appending with these versions fails
        // if anything was recorded for these cadres in between. One statement for all the streams.
        var streamKeys = staff.Select(StreamKeys.Cadre).ToArray();
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var streams = streamKeys.Length == 0 ? [] : await session.AdvancedSql.QueryAsync<StreamVersion>(
            $"select jsonb_build_object('stream', id, 'version', version) from {schema}.mt_streams where id = ANY(?)", cancellation, [streamKeys]);

        var batch = session.CreateBatchQuery();
        var cadres = batch.LoadMany<CadreRecord>().ById(streamKeys);
        var onDays = days.Length == 0 ? null : batch.Query<StudyHoursEntry>().Where(e => days.Contains(e.DayKey) && !e.Revoked).ToList();
        var taken = keys.Length == 0 ? null : batch.Query<StudyHoursEntry>().Where(e => keys.Contains(e.DuplicateKey)).ToList();
        await batch.Execute(cancellation);

        var versions = streams.ToDictionary(s => StreamKeys.StaffNoOf(s.Stream), s => s.Version, StringComparer.Ordinal);

        var hoursByDay = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in onDays is null ? [] : await onDays)
            hoursByDay[entry.DayKey] = hoursByDay.GetValueOrDefault(entry.DayKey) + entry.Hours;

        return new StudyLedger(
            (await cadres).ToDictionary(c => c.StaffNo, StringComparer.Ordinal),
            versions,
            hoursByDay,
            (taken is null ? [] : await taken).Select(e => e.DuplicateKey!).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Not called Id: AdvancedSql would take a type with an Id for a document.</summary>
    private sealed record StreamVersion(string Stream, long Version);

    public CadreRecord? Cadre(string staffNo) => _cadres.GetValueOrDefault(staffNo);

    public StudyDayState StateOf(string staffNo, DateOnly day, string? duplicateKey) =>
        new(Cadre(staffNo), _hoursByDay.GetValueOrDefault(StudyHoursKeys.Day(staffNo, day)),
            duplicateKey is not null && _takenKeys.Contains(duplicateKey));

    /// <summary>Takes decided events into account for the next decisions and queues them for <see cref="AppendTo"/>.</summary>
    public void Remember(string staffNo, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case StudyHoursLogged logged:
                    Count(staffNo, logged.StudiedOn, logged.Hours, logged.DuplicateKey);
                    break;
                case LearningSessionAttended { CreditRecordId: not null } attended:
                    Count(staffNo, attended.HeldOn, attended.CreditedHours, StudyHoursKeys.SessionCredit(staffNo, attended.SessionId));
                    break;
                case StudyHoursRevoked revoked:
                    _hoursByDay[StudyHoursKeys.Day(staffNo, revoked.StudiedOn)] = _hoursByDay.GetValueOrDefault(StudyHoursKeys.Day(staffNo, revoked.StudiedOn)) - revoked.Hours;
                    break;
            }
            if (!_pending.TryGetValue(staffNo, out var list)) _pending[staffNo] = list = [];
            list.Add(e);
        }
    }

    private void Count(string staffNo, DateOnly day, decimal hours, string? duplicateKey)
    {
        var dayKey = StudyHoursKeys.Day(staffNo, day);
        _hoursByDay[dayKey] = _hoursByDay.GetValueOrDefault(dayKey) + hours;
        if (duplicateKey is not null) _takenKeys.Add(duplicateKey);
    }

    /// <summary>Appends the remembered events to each cadre's stream, expecting the version read.</summary>
    public int AppendTo(IDocumentSession session)
    {
        var count = 0;
        foreach (var (staffNo, events) in _pending)
        {
            if (!_versions.TryGetValue(staffNo, out var version))
                throw new InvalidOperationException($"Cadre '{staffNo}' has no stream: a decision accepted a fact about an unknown cadre.");
            session.Events.Append(StreamKeys.Cadre(staffNo), version + events.Count, events);
            _versions[staffNo] = version + events.Count;
            count += events.Count;
        }
        _pending.Clear();
        return count;
    }
}
