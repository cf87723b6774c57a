using System.Globalization;
using System.Text.Json;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace CapabilityOps.Equipment;

/// <summary>
/// What the module's lists and unit-named writes share: the units a list covers (a unit's subtree, within the key's reach),
/// the contract's paging (<c>?limit=</c>, <c>?after=</c>, a <c>Link</c> to the next page), and the field rules for money and
/// quantities.
/// </summary>
internal static class Listing
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// The unit codes a list covers: <paramref name="unit"/> and the units below it, which the key must reach; without it, the
    /// key's own unit and the units below (an administrator: every unit, null).
    /// </summary>
    public static async Task<(string[]? Units, Problem? Problem)> SubtreeAsync(IQuerySession session, IAccessScope scope, string? unit,
        CancellationToken cancellation)
    {
        var code = string.IsNullOrWhiteSpace(unit) ? scope.UnitCode : unit.Trim();
        if (code is null) return (null, null);
        var batch = session.CreateBatchQuery();
        var record = batch.Load<UnitRecord>(StreamKeys.Unit(code));
        var subtree = batch.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToList();
        await batch.Execute(cancellation);
        if (await record is null) return (null, Problem.NoSuchUnit(code));
        if (!await scope.CoversUnitAsync(code, cancellation)) return (null, Problem.OutOfScope);
        return ((await subtree).ToArray(), null);
    }

    /// <summary>The page size asked for, or the problem naming <c>limit</c>.</summary>
    public static (int Size, Problem? Problem) Limit(int? limit) =>
        limit is < 1 or > MaxLimit ? (0, Problem.Invalid("limit", Msg("LimitRange", MaxLimit))) : (limit ?? DefaultLimit, null);

    /// <summary>
    /// The first <paramref name="size"/> items of <paramref name="page"/> (read one longer), with <c>Link: …; rel="next"</c> when
    /// more follow: the same query with <c>after</c> set to the last item's key.
    /// </summary>
    public static List<T> Page<T>(IReadOnlyList<T> page, int size, Func<T, string> keyOf, HttpContext context)
    {
        var items = page.Take(size).ToList();
        if (page.Count > size)
        {
            var request = context.Request;
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
            var builder = new QueryBuilder(query.Where(q => !string.Equals(q.Key, "after", StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
            {
                { "after", keyOf(items[^1]) },
            };
            context.Response.Headers.Link = $"<{request.PathBase}{request.Path}{builder.ToQueryString()}>; rel=\"next\"";
        }
        return items;
    }

    /// <summary>A copy of a stream's state, to fold the new facts into for the answer while Marten's inline projection folds its own.</summary>
    public static T Copy<T>(T state) => JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(state))!;

    /// <summary>Money in yuan: at least 0, at most two decimals (fen), below a trillion.</summary>
    public static IRuleBuilderOptions<T, decimal?> Yuan<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Required()
            .Must(v => v is null || v >= 0).WithText(Msg("NotNegative"))
            .Must(v => v is null || decimal.Round(v.Value, 2) == v.Value).WithText(Msg("AtMostTwoDecimals"))
            .Must(v => v is null || v < 1_000_000_000_000m).WithText(Msg("TooLarge"));

    /// <summary>A positive amount of money in yuan (a spending, an earmark).</summary>
    public static IRuleBuilderOptions<T, decimal?> PositiveYuan<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Yuan().Must(v => v is null || v > 0).WithText(Msg("Positive"));

    /// <summary>A quantity of supplies in the item's measure: more than 0, at most two decimals (0.5 吨).</summary>
    public static IRuleBuilderOptions<T, decimal?> Quantity<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.PositiveYuan();

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
