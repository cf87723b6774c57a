using System.Globalization;
using CapabilityOps.Talent.Contracts.Events;

namespace CapabilityOps.Talent.Care;

/// <summary>
/// The day of each festival of the union's visits (CARE-2) in a Gregorian year: the Spring Festival (first day of the first lunar
/// month) and the Double Ninth (ninth day of the ninth lunar month) from the Chinese lunisolar calendar, Army Day on 1 August.
/// </summary>
public static class Festivals
{
    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>A visit counts for a festival when it is paid within this many days of it, before or after.</summary>
    public const int VisitWindowDays = 31;

    public static DateOnly DayOf(CareFestival festival, int year) => festival switch
    {
        CareFestival.SpringFestival => DateOnly.FromDateTime(Lunar.ToDateTime(year, 1, 1, 0, 0, 0, 0)),
        CareFestival.ArmyDay => new DateOnly(year, 8, 1),
        // A leap month at or before the ninth shifts the ninth month's index by one in the calendar's numbering.
        CareFestival.DoubleNinth => DateOnly.FromDateTime(Lunar.ToDateTime(year, Lunar.GetLeapMonth(year) is > 0 and <= 9 ? 10 : 9, 9, 0, 0, 0, 0)),
        _ => throw new ArgumentOutOfRangeException(nameof(festival)),
    };

    /// <summary>Whether <paramref name="day"/> is within <see cref="VisitWindowDays"/> of the festival.</summary>
    public static bool InWindow(CareFestival festival, int year, DateOnly day) =>
        Math.Abs(day.DayNumber - DayOf(festival, year).DayNumber) <= VisitWindowDays;
}
