using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

using static CapabilityOps.SharedKernel.Messages;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// What a pure decide function returns: the events to record, or the problem that stops the command.
/// Decide functions take the command, the current state and "now", and touch nothing else.
/// </summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<object> events, Problem? problem)
    {
        Events = events;
        Problem = problem;
    }

    public IReadOnlyList<object> Events { get; }

    public Problem? Problem { get; }

    public bool Accepted => Problem is null;

    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Reject(Problem problem) => new([], problem);

    public static implicit operator Decision(Problem problem) => Reject(problem);
}

/// <summary>
/// An RFC 9457 problem, before it is written to HTTP: its type and title follow from the status (<see cref="ProblemTypes"/>),
/// its detail and field errors are <see cref="Text"/>s, rendered in the request's language when the problem is written.
/// </summary>
public sealed record Problem(int Status, Text Detail, IReadOnlyDictionary<string, Text[]>? Errors = null)
{
    /// <summary>The problem's <c>type</c>: <c>/problems/{name}</c>, one page per kind of problem.</summary>
    public string Type => ProblemTypes.Uri(Status);

    public Text Title => ProblemTypes.Title(Status);

    /// <summary>400 naming the field and the reason; <paramref name="field"/> is the JSON name.</summary>
    public static Problem Invalid(string field, Text message) =>
        new(StatusCodes.Status400BadRequest, message, new Dictionary<string, Text[]> { [field] = [message] });

    public static Problem NotFound(Text detail) => new(StatusCodes.Status404NotFound, detail);

    public static Problem Conflict(Text detail) => new(StatusCodes.Status409Conflict, detail);

    public static Problem Forbidden(Text detail) => new(StatusCodes.Status403Forbidden, detail);

    /// <summary>The refusal of a route scoped to a unit or cadre outside the key's units.</summary>
    public static Problem OutOfScope { get; } = Forbidden(Msg("OutOfScope"));

    /// <summary>404: no unit has this code.</summary>
    public static Problem NoSuchUnit(string code) => NotFound(Msg("NoSuchUnit", code));

    /// <summary>404: no cadre has this staff number.</summary>
    public static Problem NoSuchCadre(string staffNo) => NotFound(Msg("NoSuchCadre", staffNo));

    /// <summary>400: a field names a unit that does not exist.</summary>
    public static Problem UnknownUnit(string field, string code) => Invalid(field, Msg("NoSuchUnit", code));

    /// <summary>400: a business date after today.</summary>
    public static Problem InFuture(string field) => Invalid(field, Msg("NotInFuture", field));

    /// <summary>Title, detail and errors in <paramref name="culture"/> (the current UI culture: the request's, when null).</summary>
    public ProblemDetails ToProblemDetails(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var details = Errors is null
            ? new ProblemDetails()
            : new ValidationProblemDetails(Errors.ToDictionary(e => e.Key, e => e.Value.Select(t => t.ToString(culture)).ToArray()));
        details.Status = Status;
        details.Title = Title.ToString(culture);
        details.Detail = Detail.ToString(culture);
        details.Type = Type;
        return details;
    }

    public IResult ToResult(CultureInfo? culture = null) => Results.Problem(ToProblemDetails(culture));
}

/// <summary>
/// The project's one family of problem types: <c>/problems/{name}</c> for each status it answers, each with a title in
/// both languages (SharedKernel's Messages: <c>Problem.{name}.Title</c>) and a short page the host serves at that path.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "/problems/";

    public static IReadOnlyDictionary<int, string> Names { get; } = new Dictionary<int, string>
    {
        [400] = "invalid-request",
        [401] = "unauthorized",
        [403] = "forbidden",
        [404] = "not-found",
        [405] = "method-not-allowed",
        [409] = "conflict",
        [413] = "payload-too-large",
        [415] = "unsupported-media-type",
        [422] = "idempotency-key-reused",
        [429] = "too-many-requests",
        [500] = "server-error",
        [503] = "service-unavailable",
    };

    public static string Name(int status) => Names.TryGetValue(status, out var name) ? name : status >= 500 ? Names[500] : Names[400];

    public static string Uri(int status) => Prefix + Name(status);

    public static Text Title(int status) => Msg($"Problem.{Name(status)}.Title");

    /// <summary>What the page of a problem type says: when it is answered and what to do.</summary>
    public static Text About(string name) => Msg($"Problem.{name}.About");
}
