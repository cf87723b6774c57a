using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CapabilityOps.Dashboard.Access;

/// <summary>A data-protection key (ASP.NET Core's XML), kept in the database so every instance of the host shares the key ring.</summary>
public sealed class DataProtectionKeyRecord
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// The key ring that encrypts the dashboard's session cookies and antiforgery tokens, in PostgreSQL (a Marten document per key)
/// rather than in the instance's home folder: a session opened on one instance is read by every other, and survives a
/// redeployment to a new container. The keys protect only those cookies; whoever can read the database can read everything the
/// cookies give access to anyway.
/// </summary>
internal sealed class KeyRing(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // Data protection asks synchronously, and rarely: when it first reads the ring, then about once a day, or on an unknown key.
        using var session = store.QuerySession();
        return session.Query<DataProtectionKeyRecord>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKeyRecord { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        // Synchronous too, when data protection makes a key (every 90 days).
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}

internal static class KeyRingSetup
{
    internal static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("CapabilityOps");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new KeyRing(sp.GetRequiredService<IDocumentStore>())));
        services.ConfigureMarten(opts => opts.Schema.For<DataProtectionKeyRecord>());
        return services;
    }
}
