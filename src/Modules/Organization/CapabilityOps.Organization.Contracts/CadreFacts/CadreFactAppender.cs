using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.Organization.Contracts;

/// <summary>What the appender recorded: the state the decision was taken on, the facts and the events as appended.</summary>
/// <param name="Before">The cadre's state before the facts (the one the rule decided on).</param>
/// <param name="Facts">The facts decided, in order.</param>
/// <param name="Events">The facts as Marten appends them (ids, types).</param>
/// <param name="Version">The cadre stream's version after the facts.</param>
public sealed record AppendedFacts<TState>(TState Before, IReadOnlyList<object> Facts, IReadOnlyList<IEvent> Events, long Version);

/// <summary>
/// The one way a module appends a fact to a cadre's stream (<c>cadre:{staffNo}</c>). It locks the stream for the transaction
/// (concurrent writers to one cadre queue behind each other instead of colliding on its version, and each decides on the state
/// the previous one left), answers 404 when there is no such cadre, checks the fact's business dates against the cadre's time
/// (<see cref="CadreFact{TState}"/>), lets the slice's pure rule decide on the state it needs, and appends under the recording
/// the host stamped on the request's session (who, from which system, the correlation id). Writers of many cadres at once lock
/// them with <see cref="CadreStreams"/>; the bulk SQL path is <see cref="CadreFactsSql"/>. Nothing else writes a cadre's stream.
/// </summary>
public static class CadreFactAppender
{
    /// <summary>The problem when the cadre does not exist; the same for every module.</summary>
    public static Problem NoSuchCadre(string staffNo) => Problem.NoSuchCadre(staffNo);

    /// <summary>
    /// Decides <paramref name="fact"/> on the cadre's locked state and appends it; <paramref name="answer"/> makes the response
    /// from what was appended.
    /// </summary>
    public static Task<IResult> AppendCadreFactAsync<TState>(this IDocumentSession session, string staffNo, TimeProvider clock,
        CadreFact<TState> fact, Func<AppendedFacts<TState>, IResult> answer, CancellationToken cancellation = default)
        where TState : class, ICadreState =>
        session.AppendCadreFactAsync<TState>(staffNo, clock, _ => Task.FromResult(fact), answer, cancellation);

    /// <summary>
    /// As the other overload, for a fact whose rule needs more than the cadre's stream (a record kept in the module's own
    /// documents): <paramref name="factOf"/> reads it once the stream is locked, so it sees what the previous writer left.
    /// </summary>
    public static async Task<IResult> AppendCadreFactAsync<TState>(this IDocumentSession session, string staffNo, TimeProvider clock,
        Func<TState, Task<CadreFact<TState>>> factOf, Func<AppendedFacts<TState>, IResult> answer, CancellationToken cancellation = default)
        where TState : class, ICadreState
    {
        RequireRecording(session);
        var stream = await session.Events.FetchForExclusiveWriting<TState>(StreamKeys.Cadre(staffNo), cancellation);
        if (stream.Aggregate is not { } cadre) return NoSuchCadre(staffNo).ToResult();

        var fact = await factOf(cadre);
        var decision = fact.Decide(cadre, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        return answer(new AppendedFacts<TState>(cadre, decision.Events, [.. stream.Events], (stream.StartingVersion ?? 0) + decision.Events.Count));
    }

    /// <summary>
    /// The request's recording, as the host stamped it on the session (<see cref="RecordingHeaders.StampRecording"/>): a cadre
    /// fact is never appended without saying who recorded it.
    /// </summary>
    internal static Recording RequireRecording(IDocumentSession session) =>
        session.RecordingOf() ?? throw new InvalidOperationException(
            "A cadre fact must be appended by a session stamped with the request's recording (RecordingHeaders.StampRecording).");
}
