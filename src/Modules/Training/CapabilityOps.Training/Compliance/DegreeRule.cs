using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Training.Compliance;

/// <summary>When a cadre's three years for TRN-1 began and the year they end.</summary>
/// <param name="StartsOn">1 January of the programme's start year, or the day the cadre joined if later.</param>
/// <param name="AgeAtStart">The cadre's age on <paramref name="StartsOn"/>.</param>
public sealed record DegreeTerm(DateOnly StartsOn, int AgeAtStart, EducationLevel Required, int DeadlineYear);

/// <summary>
/// TRN-1: a cadre who, when their three years began (the programme's start, or joining if later), was under the age limit (45)
/// and below junior college (专科) must reach it by the end of the deadline year (the start's year + <c>TRN-1.years</c> − 1).
/// The check is met once the level is held, and also while the deadline year has not ended (its note says it is due).
/// </summary>
public sealed class DegreeRule : CadreRuleSet<DegreeMeasure>
{
    /// <summary>The keys this rule reads, with the programme document's numbers: part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["TRN-1.ageLimit"] = 45,
        ["TRN-1.minimumLevel"] = (int)EducationLevel.JuniorCollege,
        ["TRN-1.years"] = 3, // "三年内": 2020, 2021 and 2022 for those in post at the programme's start
    };

    /// <summary>The cadre's TRN-1 term under <paramref name="rules"/>; null when the rule does not apply to the cadre.</summary>
    public static DegreeTerm? TermOf(CadreRecord cadre, RulebookVersion rules)
    {
        var programmeStart = new DateOnly(RulebookDefaults.ProgrammeStartYear, 1, 1);
        var startsOn = cadre.JoinedOn > programmeStart ? cadre.JoinedOn : programmeStart;
        var age = AgeOn(cadre.BirthDate, startsOn);
        var required = (EducationLevel)rules.Whole("TRN-1.minimumLevel");
        if (age >= rules.Whole("TRN-1.ageLimit") || cadre.EducationOn(startsOn) >= required) return null;
        return new DegreeTerm(startsOn, age, required, startsOn.Year + rules.Whole("TRN-1.years") - 1);
    }

    /// <summary>The year the cadre first held the required level, up to <paramref name="viewDate"/>; null while not.</summary>
    public static int? ReachedIn(CadreRecord cadre, EducationLevel required, DateOnly viewDate) =>
        cadre.Educations.Where(e => e.Value >= required && e.From <= viewDate).Select(e => (int?)e.From.Year).Min();

    /// <summary>The events the cadre's education on the view date comes from; the rest is in the cadre record.</summary>
    public override DegreeMeasure Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents) =>
        new(cadreEvents.Where(e => e.Data is CadreRegistered || (e.Data is EducationAwarded a && a.AwardedOn <= context.ViewDate)).Select(e => e.Id).ToList());

    public override IEnumerable<RuleCheck> Judge(CadreRuleContext context, DegreeMeasure? measure)
    {
        var cadre = context.Cadre;
        if (TermOf(cadre, context.Rulebook) is not { } term) yield break;

        var held = cadre.EducationOn(context.ViewDate);
        var reached = ReachedIn(cadre, term.Required, context.ViewDate);
        var due = reached is null && context.Year <= term.DeadlineYear;
        var evidence = measure!.Evidence;
        var note = reached is { } year
            ? Msg("Trn1NoteReached", term.Required, year, term.DeadlineYear)
            : Msg(due ? "Trn1NoteDue" : "Trn1NoteMissed", held, term.Required, term.DeadlineYear, term.StartsOn, term.AgeAtStart);
        yield return new RuleCheck("TRN-1", term.DeadlineYear, reached ?? 0, reached is not null || due, note, evidence);
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day) =>
        day.Year - birthDate.Year - (day < birthDate.AddYears(day.Year - birthDate.Year) ? 1 : 0);
}

/// <summary>The events behind the cadre's education on the view date.</summary>
public sealed record DegreeMeasure(List<Guid> Evidence);
