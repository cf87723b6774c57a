using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Organization.Compliance;

/// <summary>
/// TRN-1: a cadre under the age limit (45) must hold at least a junior-college (专科) education within three
/// years of the programme's start. Before the deadline year an unmet check is not yet a failure.
/// </summary>
public sealed class DegreeRule : ICadreRuleSet
{
    /// <summary>The keys this rule reads, with the programme document's numbers: part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["TRN-1.ageLimit"] = 45,
        ["TRN-1.minimumLevel"] = (int)EducationLevel.JuniorCollege,
        ["TRN-1.deadlineYear"] = RulebookDefaults.ProgrammeStartYear + 2, // "三年内": within 2020, 2021 and 2022
    };

    public IEnumerable<RuleCheck> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var (cadre, rules) = (context.Cadre, context.Rulebook);
        var age = AgeOn(cadre.BirthDate, context.ViewDate);
        if (age >= rules.Whole("TRN-1.ageLimit")) yield break;

        var required = (EducationLevel)rules.Whole("TRN-1.minimumLevel");
        var held = cadre.EducationOn(context.ViewDate);
        var deadlineYear = rules.Whole("TRN-1.deadlineYear");
        var reached = held >= required;
        var evidence = cadreEvents.Where(e => e.Data is CadreRegistered || (e.Data is EducationAwarded a && a.AwardedOn <= context.ViewDate))
            .Select(e => e.Id).ToList();
        yield return new RuleCheck("TRN-1", (int)required, (int)held, reached || context.Year < deadlineYear,
            Msg(!reached && context.Year < deadlineYear ? "Trn1NoteNotYetDue" : "Trn1Note",
                held, (int)held, required, (int)required, deadlineYear, rules.Whole("TRN-1.ageLimit"), age), evidence);
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day) =>
        day.Year - birthDate.Year - (day < birthDate.AddYears(day.Year - birthDate.Year) ? 1 : 0);
}
