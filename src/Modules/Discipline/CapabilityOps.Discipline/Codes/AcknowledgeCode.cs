using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Records;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Codes;

/// <summary>Record that a cadre acknowledged a version of a code of conduct.</summary>
/// <param name="Version">The version acknowledged; it must apply to the cadre's rank on the day.</param>
/// <param name="On">YYYY-MM-DD of the acknowledgement: not in the future, not before the cadre joined or the version took effect.</param>
public sealed record AcknowledgeCode(string? Version, DateOnly? On) : IHasExample<AcknowledgeCode>
{
    public static AcknowledgeCode Example => new("ZFJL-2020", new DateOnly(2026, 3, 2));
}

public sealed class AcknowledgeCodeValidator : AbstractValidator<AcknowledgeCode>
{
    public AcknowledgeCodeValidator()
    {
        RuleFor(x => x.Version).Code();
        RuleFor(x => x.On).Required();
    }
}

/// <summary>The id of the recorded fact.</summary>
public sealed record RecordedAcknowledgement(Guid Id);

public static class AcknowledgeCodeEndpoint
{
    /// <summary>Whether a version applies to a cadre of <paramref name="rank"/>.</summary>
    public static bool AppliesTo(CodeAppliesTo appliesTo, Rank rank) =>
        appliesTo == CodeAppliesTo.All || rank is Rank.Leader or Rank.SectionLevel;

    /// <summary>
    /// The acknowledgement as the appender takes it: on a day while the person is a cadre, of a version that exists, had
    /// taken effect and applies to the cadre's rank on that day, once.
    /// </summary>
    public static CadreFact<CadreRecord> Fact(AcknowledgeCode command, CodeOfConductRecord? code, bool acknowledgedBefore) =>
        new([FactDate.WhileCadre("on", command.On!.Value)], cadre =>
        {
            var version = command.Version!.Trim();
            var on = command.On.Value;
            if (code is null) return Problem.Invalid("version", Msg("NoSuchCodeVersion", version));
            if (on < code.EffectiveOn) return Problem.Invalid("on", Msg("BeforeCodeEffective", version, code.EffectiveOn));
            if (!AppliesTo(code.AppliesTo, cadre.RankOn(on))) return Problem.Invalid("version", Msg("CodeNotForRank", version, cadre.RankOn(on)));
            if (acknowledgedBefore) return Problem.Conflict(Msg("AlreadyAcknowledged", cadre.StaffNo, version));
            return Decision.Accept(new CodeOfConductAcknowledged(cadre.StaffNo, version, on));
        });

    public static Decision Decide(AcknowledgeCode command, CodeOfConductRecord? code, bool acknowledgedBefore, CadreRecord cadre, DateOnly today) =>
        Fact(command, code, acknowledgedBefore).Decide(cadre, today);

    /// <summary>Record a cadre's acknowledgement of a code of conduct (DSC-1).</summary>
    /// <remarks>A version for section-level and above cadres cannot be acknowledged by staff (400). A cadre acknowledges a version once (409 the second time). Who has and who has not: `GET /api/v1/codes-of-conduct/{version}/acknowledgements?unit={code}`.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/code-acknowledgements", OperationId = "AcknowledgeCode"), Tags("Discipline"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordedAcknowledgement>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, AcknowledgeCode command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        // Read once the cadre's stream is locked, so a second acknowledgement racing the first sees it.
        session.AppendCadreFactAsync<CadreRecord>(staffNo, clock, async cadre =>
            {
                var version = command.Version!.Trim();
                var code = await session.LoadAsync<CodeOfConductRecord>(DisciplineStreamKeys.CodeOfConduct(version), cancellation);
                var before = await session.LoadAsync<CodeAcknowledgementRecord>(CodeAcknowledgementRecord.IdOf(version, cadre.StaffNo), cancellation);
                return Fact(command, code, before is not null);
            },
            appended => Results.Created($"/api/v1/codes-of-conduct/{command.Version!.Trim()}/acknowledgements", new RecordedAcknowledgement(appended.Events[^1].Id)),
            cancellation);
}
