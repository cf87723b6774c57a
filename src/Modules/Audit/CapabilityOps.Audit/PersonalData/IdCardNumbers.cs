using System.Globalization;

namespace CapabilityOps.Audit.PersonalData;

/// <summary>
/// Finds resident identity card numbers (居民身份证号码, GB 11643: 6-digit area, 8-digit birth date, 3-digit sequence,
/// ISO 7064 MOD 11-2 check character) in text. Only numbers whose birth date is a real day and whose check character
/// holds count, so order numbers and phone numbers do not. Pure.
/// </summary>
public static class IdCardNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Every valid ID-card number in <paramref name="text"/> (a run of exactly 18 characters, not part of a longer number).</summary>
    public static IEnumerable<string> Find(string text)
    {
        for (var start = 0; start + 18 <= text.Length; start++)
        {
            if (!char.IsAsciiDigit(text[start]) || (start > 0 && IsIdChar(text[start - 1]))) continue;
            var end = start + 18;
            if (end < text.Length && IsIdChar(text[end])) continue;
            var candidate = text.AsSpan(start, 18);
            if (IsValid(candidate))
            {
                yield return candidate.ToString();
                start = end - 1;
            }
        }
    }

    public static bool IsValid(ReadOnlySpan<char> number)
    {
        if (number.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i])) return false;
            sum += (number[i] - '0') * Weights[i];
        }
        if (char.ToUpperInvariant(number[17]) != CheckCharacters[sum % 11]) return false;
        return DateOnly.TryParseExact(number.Slice(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
               && born.Year >= 1900;
    }

    /// <summary>A number as a report may show it: area and check character only.</summary>
    public static string Mask(string number) => number[..4] + new string('*', 13) + number[^1];

    private static bool IsIdChar(char c) => char.IsAsciiDigit(c) || c is 'X' or 'x';
}
