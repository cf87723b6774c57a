namespace CapabilityOps.Learning.Contracts;

/// <summary>
/// Streams the Learning module owns besides the cadre streams (<c>cadre:{staffNo}</c>, see
/// <c>StreamKeys</c>): each session, competition and interest group has its own.
/// </summary>
public static class LearningStreamKeys
{
    public static string Session(Guid sessionId) => "learning-session:" + sessionId.ToString("D");

    public static string Competition(Guid competitionId) => "competition:" + competitionId.ToString("D");

    public static string InterestGroup(Guid groupId) => "interest-group:" + groupId.ToString("D");
}
