using System.Net;
using System.Text.Json.Nodes;

namespace CapabilityOps.Testing;

/// <summary>Sets up the organisation a test needs through the public API.</summary>
public static class Bureau
{
    public static async Task<string> Unit(this HttpClient client, string kind = "CityBureau", string? parentCode = null, string name = "测试生态环境局")
    {
        var code = Ids.Next("U");
        await (await client.PostJson("/api/v1/units", new { code, name, kind, parentCode })).Json(HttpStatusCode.Created);
        return code;
    }

    public static async Task<string> Cadre(this HttpClient client, string unitCode, string rank = "Staff",
        string joinedOn = "2010-01-01", string birthDate = "1985-06-15", string education = "Bachelor", string name = "张伟")
    {
        var staffNo = Ids.Next("S");
        await (await client.PostJson("/api/v1/cadres", NewCadre(staffNo, unitCode, rank, joinedOn, birthDate, education, name)))
            .Json(HttpStatusCode.Created);
        return staffNo;
    }

    public static JsonObject NewCadre(string staffNo, string unitCode, string rank = "Staff", string joinedOn = "2010-01-01",
        string birthDate = "1985-06-15", string education = "Bachelor", string name = "张伟") => new()
    {
        ["staffNo"] = staffNo, ["name"] = name, ["unitCode"] = unitCode, ["rank"] = rank, ["birthDate"] = birthDate,
        ["education"] = education, ["postCategory"] = "InspectionEnforcement", ["partyMember"] = true, ["joinedOn"] = joinedOn,
    };
}
