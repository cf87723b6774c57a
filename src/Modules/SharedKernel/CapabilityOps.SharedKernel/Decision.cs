using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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

/// <summary>An RFC 9457 problem, before it is written to HTTP.</summary>
public sealed record Problem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>400 naming the field and the reason; <paramref name="field"/> is the JSON name.</summary>
    public static Problem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", message, new Dictionary<string, string[]> { [field] = [message] });

    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static Problem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static Problem Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>The refusal of a route scoped to a unit or cadre outside the key's units.</summary>
    public static Problem OutOfScope { get; } = Forbidden("This API key may act only on its own unit and the units below it.");

    public ProblemDetails ToProblemDetails()
    {
        var details = Errors is null
            ? new ProblemDetails()
            : new ValidationProblemDetails(Errors.ToDictionary(e => e.Key, e => e.Value));
        details.Status = Status;
        details.Title = Title;
        details.Detail = Detail;
        details.Type = $"https://httpstatuses.io/{Status}";
        return details;
    }

    public IResult ToResult() => Results.Problem(ToProblemDetails());
}
