using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Record an education level a cadre was awarded (diploma or degree certificate).</summary>
/// <param name="Level">The level awarded.</param>
/// <param name="AwardedOn">YYYY-MM-DD of the certificate: not in the future, after the birth date.</param>
public sealed record AwardEducation(EducationLevel? Level, DateOnly? AwardedOn) : IHasExample<AwardEducation>
{
    public static AwardEducation Example => new(EducationLevel.Bachelor, new DateOnly(2026, 7, 1));
}

public sealed class AwardEducationValidator : AbstractValidator<AwardEducation>
{
    public AwardEducationValidator()
    {
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.AwardedOn).Required();
    }
}

public static class AwardEducationEndpoint
{
    /// <summary>
    /// The award as the appender takes it: not in the future, but possibly before the cadre joined (a degree held on joining
    /// may be recorded late); after the birth date, and not recorded already.
    /// </summary>
    public static CadreFact<CadreRecord> Fact(AwardEducation command)
    {
        var awardedOn = command.AwardedOn!.Value;
        return new([FactDate.NotInFuture("awardedOn", awardedOn)], cadre =>
        {
            if (awardedOn <= cadre.BirthDate) return Problem.Invalid("awardedOn", Msg("AwardedBeforeBirth"));
            if (cadre.Educations.Any(e => e.Value == command.Level && e.From == awardedOn))
                return Problem.Conflict(Msg("EducationRecorded", cadre.StaffNo, command.Level, awardedOn));
            return Decision.Accept(new EducationAwarded(cadre.StaffNo, command.Level!.Value, awardedOn));
        });
    }

    public static Decision Decide(AwardEducation command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record an education level awarded to a cadre.</summary>
    /// <remarks>The cadre's <c>education</c> is the highest level held.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/education", OperationId = "AwardEducation"), Tags("Organization"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, AwardEducation command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), CadreView.Created);
}
