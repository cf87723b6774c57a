using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Reports;

/// <summary>Record an item a unit published about the programme (RPT-2).</summary>
/// <param name="Channel">WeChat, Weibo, Portal or Other.</param>
/// <param name="PublishedOn">YYYY-MM-DD; not in the future.</param>
public sealed record PublishPublicityItem(PublicityChannel? Channel, string? Title, DateOnly? PublishedOn, string? Url) : IHasExample<PublishPublicityItem>
{
    public static PublishPublicityItem Example => new(PublicityChannel.WeChat, "我局开展“共同学”学习园地活动", new DateOnly(2026, 4, 12), null);
}

public sealed class PublishPublicityItemValidator : AbstractValidator<PublishPublicityItem>
{
    public PublishPublicityItemValidator()
    {
        RuleFor(x => x.Channel).KnownEnum();
        RuleFor(x => x.Title).RequiredText(300);
        RuleFor(x => x.PublishedOn).Required();
        RuleFor(x => x.Url).MaximumLength(2000).Must(u => u is null || Uri.TryCreate(u, UriKind.Absolute, out _)).WithText(Msg("UrlAbsolute"));
    }
}

/// <summary>A unit's publicity items in a year, by channel, over its subtree.</summary>
public sealed record PublicityCount(string UnitCode, int Year, int Total, IReadOnlyDictionary<PublicityChannel, int> ByChannel);

public static class PublicityItemEndpoints
{
    /// <summary>Record a publicity item of a unit.</summary>
    [WolverinePost("/api/v1/units/{code}/publicity-items", OperationId = "PublishPublicityItem"), Tags("Appraisal"), WriteAccess, ScopedToUnit]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, PublishPublicityItem command, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code)) is null) return Problem.NoSuchUnit(code).ToResult();
        if (command.PublishedOn > ChinaTime.Today(clock)) return Problem.InFuture("publishedOn").ToResult();
        session.Events.Append(StreamKeys.Unit(code), new PublicityItemPublished(code, command.Channel!.Value, command.Title!.Trim(), command.PublishedOn!.Value, command.Url));
        return Results.Created($"/api/v1/units/{code}/publicity-items?year={command.PublishedOn!.Value.Year}", null);
    }

    /// <summary>Count a unit's publicity items in a year (RPT-2), over the unit and every unit below it.</summary>
    [WolverineGet("/api/v1/units/{code}/publicity-items", OperationId = "CountPublicityItems"), Tags("Appraisal"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<PublicityCount>(StatusCodes.Status200OK)]
    public static async Task<IResult> Count(string code, int? year, IQuerySession session, IYearViews years)
    {
        var (view, problem) = await years.ResolveAsync(session, year);
        if (problem is not null) return problem.ToResult();
        var wanted = view!.Year;
        var units = await session.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToListAsync();
        if (units.Count == 0) return Problem.NoSuchUnit(code).ToResult();
        var keys = units.Select(StreamKeys.Unit).ToArray();
        var items = (await session.Events.QueryAllRawEvents().Where(e => keys.Contains(e.StreamKey!)).ToListAsync())
            .Select(e => e.Data).OfType<PublicityItemPublished>().Where(p => p.PublishedOn.Year == wanted).ToList();
        return Results.Ok(new PublicityCount(code, wanted, items.Count,
            Enum.GetValues<PublicityChannel>().ToDictionary(c => c, c => items.Count(i => i.Channel == c))));
    }
}
