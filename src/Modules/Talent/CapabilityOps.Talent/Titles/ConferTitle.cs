using System.Text.Json.Serialization;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Titles;

/// <summary>Record a title or commendation conferred on a cadre.</summary>
/// <param name="Kind">PostExpert (岗位能手), BusinessPacesetter (业务标兵), ExcellentCivilServant, ExcellentPartyMember, AdvancedIndividual, OtherCommendation.</param>
/// <param name="Level">Who conferred it: National, Provincial, Municipal, County or Bureau.</param>
/// <param name="Title">The title as written on the certificate.</param>
/// <param name="ConferredOn">YYYY-MM-DD; not in the future, not before the cadre joined.</param>
/// <param name="Post">For PostExpert and BusinessPacesetter only (TRN-7): the post category the title names; optional.</param>
public sealed record ConferTitle(TitleKind? Kind, TitleLevel? Level, string? Title, DateOnly? ConferredOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PostCategory? Post = null) : IHasExample<ConferTitle>
{
    public static ConferTitle Example => new(TitleKind.PostExpert, TitleLevel.Municipal, "全市生态环境系统监察执法岗位能手", new DateOnly(2026, 10, 15),
        PostCategory.InspectionEnforcement);
}

public sealed class ConferTitleValidator : AbstractValidator<ConferTitle>
{
    public ConferTitleValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.ConferredOn).Required();
        RuleFor(x => x.Post).KnownEnum().When(x => x.Post is not null);
        RuleFor(x => x.Post).Null().When(x => x.Kind is not (TitleKind.PostExpert or TitleKind.BusinessPacesetter))
            .WithText(Msg("PostOnlyForDesignations"));
    }
}

/// <summary>The id of the recorded fact.</summary>
public sealed record RecordedFact(Guid Id);

public static class ConferTitleEndpoint
{
    /// <summary>The title as the appender takes it: conferred while the person is a cadre.</summary>
    public static CadreFact<CadreRecord> Fact(ConferTitle command) =>
        new([FactDate.WhileCadre("conferredOn", command.ConferredOn!.Value)], cadre =>
            Decision.Accept(new TitleConferred(cadre.StaffNo, command.Kind!.Value, command.Level!.Value, command.Title!.Trim(), command.ConferredOn.Value, command.Post)));

    public static Decision Decide(ConferTitle command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record a title or commendation conferred on a cadre.</summary>
    [WolverinePost("/api/v1/cadres/{staffNo}/titles", OperationId = "ConferTitle"), Tags("Talent and care"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordedFact>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string staffNo, ConferTitle command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), appended =>
            Results.Created($"/api/v1/cadres/{staffNo}/history", new RecordedFact(appended.Events[^1].Id)));
}
