using System.Text.Json;

/// <summary>
/// The writes the crash scenarios send: one of each module's write routes in turn, each carrying a marker that makes it
/// findable in <c>capops.mt_events</c> afterwards (the idempotency key in a text field, or a business date used once per
/// client on its own cadre, asset, reserve item or station). <see cref="MarkersSql"/> reads the same markers back.
/// </summary>
internal static class Writes
{
    public sealed record Write(string Kind, HttpMethod Method, string Path, string Body, string Marker);

    // Study hours twice a round: the care flags before the first change the cadre's record, so the study-hours lane refuses its
    // decision taken ahead and reads (docs/ARCHITECTURE.md); nothing changes the record before the second, which is decided ahead.
    private static readonly string[] Kinds =
        ["visit", "training", "degree-study", "talk", "health-check", "care-flags", "study-hours", "maintenance", "reserve-receipt", "reserve-issue",
         "data-capture", "study-hours", "admonition"];

    /// <summary>PUTs replace what they set: a retry may append the same fact again and it counts once.</summary>
    public static bool IsReplacing(string marker) => KindOf(marker) is "care-flags" or "data-capture";

    public static string KindOf(string marker) => marker[..marker.IndexOf('|')];

    /// <summary>The n-th write of a client: its cadre, asset, reserve item and station are the client's own (index i).</summary>
    public static Write For(string prefix, int i, int n, string idem)
    {
        var (staffNo, asset, sku, station) = ($"{prefix}-C{i}", $"{prefix}-A{i}", $"{prefix}-R{i}", $"{prefix}-S{i}");
        // A day used once by this client: after the cadre joined and the asset was acquired (2010-01-01), never in the future.
        var day = new DateOnly(2010, 1, 2).AddDays(n).ToString("yyyy-MM-dd");
        var visitDay = new DateOnly(2025, 1, 1).AddDays(n % 300).ToString("yyyy-MM-dd");
        static string J(object o) => JsonSerializer.Serialize(o);
        return Kinds[n % Kinds.Length] switch
        {
            "visit" => new("visit", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/grassroots-visits",
                J(new { from = visitDay, to = visitDay, kind = "Rural", place = idem }), $"visit|{idem}"),
            "training" => new("training", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/trainings",
                J(new { title = idem, kind = "Lecture", level = "Municipal", organiser = "混沌测试", from = day, to = day, hours = 1m, externalId = (string?)null }), $"training|{idem}"),
            "degree-study" => new("degree-study", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/degree-studies",
                J(new { targetLevel = "Master", institution = idem, programme = "环境工程", startsOn = day, estimatedFeeYuan = 100m }), $"degree-study|{idem}"),
            "talk" => new("talk", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/talks", J(new { heldOn = day, by = idem }), $"talk|{idem}"),
            "health-check" => new("health-check", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/health-checks", J(new { checkedOn = day }), $"health-check|{staffNo}|{day}"),
            "care-flags" => new("care-flags", HttpMethod.Put, $"/api/v1/cadres/{staffNo}/care-flags",
                J(new { retired = false, veteran = n % 2 == 0, hardship = false, villageStationed = false, talent = false, effectiveOn = day }), $"care-flags|{staffNo}|{day}"),
            "maintenance" => new("maintenance", HttpMethod.Post, $"/api/v1/equipment/{asset}/maintenance",
                J(new { on = day, kind = "Maintenance", nextDueOn = (string?)null }), $"maintenance|{asset}|{day}"),
            // Receipts of 5 and issues of 1 alternate, so the stock only grows and an issue is never refused for it.
            "reserve-receipt" => new("reserve-receipt", HttpMethod.Post, $"/api/v1/reserve-items/{sku}/receipts",
                J(new { quantity = 5m, receivedOn = day, expiresOn = (string?)null }), $"reserve-receipt|{sku}|{day}"),
            "reserve-issue" => new("reserve-issue", HttpMethod.Post, $"/api/v1/reserve-items/{sku}/issues",
                J(new { quantity = 1m, issuedOn = day, incidentRef = idem }), $"reserve-issue|{idem}"),
            "data-capture" => new("data-capture", HttpMethod.Put, $"/api/v1/monitoring-stations/{station}/data-capture/{day}",
                J(new { expected = 24, received = 23 }), $"data-capture|{station}|{day}"),
            // Half an hour on a day used once: never near the day's 24.
            "study-hours" => new("study-hours", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/study-hours",
                J(new { hours = 0.5m, studiedOn = day, channel = "Online", source = "混沌测试", externalId = idem }), $"study-hours|{idem}"),
            _ => new("admonition", HttpMethod.Post, $"/api/v1/cadres/{staffNo}/admonitions",
                J(new { kind = "CriticalEducation", on = day, reason = idem }), $"admonition|{idem}"),
        };
    }

    /// <summary>Every recorded fact of the prefix's writes by its marker (@p = 'PREFIX-%'), with how often it occurs.</summary>
    public const string MarkersSql = """
        select m, count(*) from (
          select 'visit|' || (data->>'place') m from capops.mt_events where data->>'place' like @p
          union all select 'training|' || (data->>'title') from capops.mt_events where type = 'training_attended' and data->>'title' like @p
          union all select 'degree-study|' || (data->>'institution') from capops.mt_events where type = 'degree_study_requested' and data->>'institution' like @p
          union all select 'talk|' || (data->>'by') from capops.mt_events where type = 'heart_to_heart_talk_held' and data->>'by' like @p
          union all select 'health-check|' || (data->>'staffNo') || '|' || (data->>'checkedOn') from capops.mt_events where type = 'health_check_recorded' and data->>'staffNo' like @p
          union all select 'care-flags|' || (data->>'staffNo') || '|' || (data->>'effectiveOn') from capops.mt_events where type = 'care_flags_set' and data->>'staffNo' like @p
          union all select 'maintenance|' || (data->>'assetNo') || '|' || (data->>'on') from capops.mt_events where type = 'equipment_maintained' and data->>'assetNo' like @p
          union all select 'reserve-receipt|' || (data->>'sku') || '|' || (data->>'receivedOn') from capops.mt_events where type = 'reserve_received' and data->>'sku' like @p
          union all select 'reserve-issue|' || (data->>'incidentRef') from capops.mt_events where type = 'reserve_issued' and data->>'incidentRef' like @p
          union all select 'data-capture|' || (data->>'stationCode') || '|' || (data->>'day') from capops.mt_events where type = 'data_capture_reported' and data->>'stationCode' like @p
          union all select 'study-hours|' || (data->>'externalId') from capops.mt_events where type = 'study_hours_logged' and data->>'externalId' like @p
          union all select 'admonition|' || (data->>'reason') from capops.mt_events where type = 'admonition_given' and data->>'reason' like @p
        ) s group by m
        """;

    /// <summary>
    /// The readings the prefix's stations should show (24 for each distinct day reported) and what their month rows hold:
    /// equal when no day is counted twice nor lost.
    /// </summary>
    public const string CaptureTotalsSql = """
        select (select 24 * count(distinct (data->>'stationCode', data->>'day')) from capops.mt_events where type = 'data_capture_reported' and data->>'stationCode' like @p),
               (select coalesce(sum((data->>'expected')::bigint), 0) from capops.mt_doc_capturemonth where data->>'stationCode' like @p)
        """;
}
