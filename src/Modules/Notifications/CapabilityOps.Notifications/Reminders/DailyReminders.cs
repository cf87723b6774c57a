using System.Text.Json;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Notifications.Webhooks;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Postgresql.Tables;
using Wolverine;

namespace CapabilityOps.Notifications.Reminders;

/// <summary>
/// A reminder sent: what webhooks asked for <c>ReminderDue</c> receive (the body's <c>data</c>). <see cref="Key"/> is
/// kind, subject and due date: a reminder goes out once for it, whichever instance computes it first.
/// </summary>
public sealed record ReminderDue(string Key, ReminderKind Kind, string Subject, DateOnly DueOn, bool Overdue, string UnitCode, string Note, DateTimeOffset SentAt);

/// <summary>Compute the reminders of one China day and send those not sent before.</summary>
public sealed record ComputeDailyReminders(DateOnly Day);

/// <summary>The table whose primary key decides that a reminder goes out once (<c>notify_reminders_sent</c>).</summary>
public static class RemindersSent
{
    public const string TableName = "notify_reminders_sent";

    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn("due_on", "date").NotNull();
        table.AddColumn("sent_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    public static string Key(Reminder reminder) => $"{reminder.Kind}:{reminder.Subject}:{reminder.DueOn:yyyy-MM-dd}";
}

/// <summary>
/// The daily job: every reminder of the whole unit tree on the day, each sent as a <see cref="ReminderDue"/> message once per
/// kind, subject and due date. The keys are inserted in the handler's transaction (<c>on conflict do nothing</c>, returning
/// what was new) and the messages go through Wolverine's outbox in the same transaction: two instances computing the same
/// day at once queue on the keys, and the second finds them all taken.
/// </summary>
public static class ComputeDailyRemindersHandler
{
    public static async Task Handle(ComputeDailyReminders command, IDocumentSession session, IMessageContext bus, ReminderList list, TimeProvider clock,
        CancellationToken cancellation)
    {
        var roots = await session.Query<UnitRecord>().Where(u => u.ParentCode == null).ToListAsync(cancellation);
        var reminders = new Dictionary<string, Reminder>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            if (await ReminderList.SubtreeAsync(session, root.Code, cancellation) is not { } subtree) continue;
            foreach (var reminder in await list.ListAsync(new ReminderQuery(subtree.Unit, subtree.Units, command.Day), session, cancellation))
                reminders.TryAdd(RemindersSent.Key(reminder), reminder);
        }
        if (reminders.Count == 0) return;

        await session.BeginTransactionAsync(cancellation);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var insert = new NpgsqlCommand(
            $"insert into {schema}.{RemindersSent.TableName} (key, due_on) select * from unnest($1::text[], $2::date[]) on conflict do nothing returning key",
            (NpgsqlConnection)session.Connection!);
        insert.Parameters.AddWithValue(reminders.Keys.ToArray());
        insert.Parameters.AddWithValue(reminders.Values.Select(r => r.DueOn).ToArray());
        var fresh = new List<string>();
        await using (var reader = await insert.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) fresh.Add(reader.GetString(0));

        var now = clock.GetUtcNow();
        foreach (var key in fresh)
        {
            var r = reminders[key];
            // Stored in Chinese, the bureau's language: a receiver has no Accept-Language.
            var note = ChineseText(r.Note);
            await bus.PublishAsync(new ReminderDue(key, r.Kind, r.Subject, r.DueOn, r.Overdue, r.UnitCode, note, now));
        }
    }

    private static string ChineseText(Text text) => text.ToString(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));
}

/// <summary>A reminder sent is a fact owed to the webhooks that asked for <c>ReminderDue</c>, in the handler's transaction.</summary>
public static class ReminderDueHandler
{
    public static async Task Handle(ReminderDue reminder, IDocumentSession session, IMessageContext bus, TimeProvider clock, CancellationToken cancellation)
    {
        var hooks = await session.Query<Webhook>().ToListAsync(cancellation);
        hooks = hooks.Where(h => h.Events.Contains(DeliverableEvents.ReminderDueType)).ToList();
        if (hooks.Count == 0) return;
        var fact = new OutgoingFact(WebhookPlanner.DerivedId("reminder:" + reminder.Key), DeliverableEvents.ReminderDueType, reminder.SentAt,
            JsonSerializer.Serialize(reminder, ReminderJson), null);
        await WebhookPlanner.PlanAsync(session, bus, hooks, [fact], clock.GetUtcNow(), null, cancellation);
    }

    private static readonly JsonSerializerOptions ReminderJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// Runs <see cref="ComputeDailyReminders"/> through Wolverine once at start (the day so far) and then just after each China
/// midnight, on every instance: the keys, not the instances, decide what goes out.
/// </summary>
public sealed class DailyReminderSchedule(IServiceProvider services, TimeProvider clock, ILogger<DailyReminderSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var today = ChinaTime.Today(clock);
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ComputeDailyReminders(today), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The reminders of {Day} could not be computed; trying again in a minute.", today);
                    await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
                    continue;
                }
                var next = ChinaTime.StartOf(today.AddDays(1)) + TimeSpan.FromMinutes(1);
                var wait = next - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
