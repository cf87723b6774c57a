using CapabilityOps.Notifications.Webhooks;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Marten;

namespace CapabilityOps.Notifications;

public static class NotificationsModule
{
    /// <summary>
    /// Signed outbound notifications (webhooks fed from the event store through Wolverine's durable outbox) and reminders
    /// before deadlines (collected from every module's <c>IReminderSource</c>).
    /// </summary>
    public static IServiceCollection AddNotificationsModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(NotificationsModule).Assembly);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddSingleton<DeliverableEvents>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<Reminders.ReminderList>();
        services.AddSingleton<IWolverineExtension, WebhookQueues>();
        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<Webhook>();
            opts.Schema.For<WebhookDelivery>().Duplicate(d => d.Webhook).Duplicate(d => d.OccurredAt);
            opts.Storage.ExtendedSchemaObjects.Add(Reminders.RemindersSent.Definition(opts.DatabaseSchemaName));
        });
        services.SubscribeToEventsWithServices<WebhookSubscription>(ServiceLifetime.Singleton);
        services.AddHostedService<Reminders.DailyReminderSchedule>();
        return services;
    }

    /// <summary>
    /// Deliveries and sent reminders run on durable local queues: a message is stored with the transaction that sends it and
    /// survives a restart. The retry polling follows <c>Webhooks:Retry:PollingInterval</c> when set.
    /// </summary>
    private sealed class WebhookQueues(IConfiguration configuration) : IWolverineExtension
    {
        public const string Queue = "webhooks";

        public void Configure(WolverineOptions options)
        {
            options.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue);
            options.LocalQueue(Queue).UseDurableInbox().MaximumParallelMessages(4);
            options.PublishMessage<Reminders.ReminderDue>().ToLocalQueue("reminders");
            options.LocalQueue("reminders").UseDurableInbox();
            if (configuration.GetValue<TimeSpan?>($"{WebhookOptions.Section}:Retry:PollingInterval") is { } polling && polling > TimeSpan.Zero)
                options.Durability.ScheduledJobPollingTime = polling;
        }
    }
}
