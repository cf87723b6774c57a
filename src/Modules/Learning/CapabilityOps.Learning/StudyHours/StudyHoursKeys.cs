using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CapabilityOps.Learning.Contracts;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>
/// The keys study-hours records are checked by: the day key (at most 24 hours per cadre per day) and the
/// duplicate key (one record per cadre, source and external id). Readable, and unambiguous: a staff number
/// has no '|', and the source carries its length.
/// </summary>
public static class StudyHoursKeys
{
    public static string Day(string staffNo, DateOnly day) => StudyHoursEntry.DayKeyOf(staffNo, day);

    /// <summary>Null without an external id: such a record cannot be recognised when sent again.</summary>
    public static string? Duplicate(string staffNo, string source, string? externalId) =>
        externalId is null ? null : $"{staffNo}|{source.Length}:{source}|{externalId}";

    /// <summary>
    /// For an imported row without an external id: the row's content stands in for it, so importing the same
    /// file twice records nothing the second time (two identical rows are one fact).
    /// </summary>
    public static string ImportedRow(string staffNo, decimal hours, DateOnly studiedOn, StudyChannel channel, string source, string? topic)
    {
        var content = string.Join('\u001f', staffNo, hours.ToString("0.############################", CultureInfo.InvariantCulture),
            studiedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), channel.ToString(), source, topic ?? "");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)).AsSpan(0, 16));
        return Duplicate(staffNo, source, "#row:" + hash)!;
    }

    /// <summary>A session credits each attendee once: its credit is keyed by the session.</summary>
    public static string SessionCredit(string staffNo, Guid sessionId) =>
        Duplicate(staffNo, LearningDefaults.SessionCreditSource, sessionId.ToString("D"))!;

    /// <summary>The id of the study-hours record a session credits an attendee with: the same for the same session and cadre.</summary>
    public static Guid SessionCreditRecordId(Guid sessionId, string staffNo)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"learning-session-credit|{sessionId:D}|{staffNo}")).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
