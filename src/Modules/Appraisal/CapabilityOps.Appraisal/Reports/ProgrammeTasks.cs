using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Reports;

/// <summary>
/// The programme's construction items (§三) with their responsible units and time windows, as the document
/// lists them. The document numbers two items (十一); both are tracked (numbers 11 and 12 here).
/// </summary>
public static class ProgrammeTaskCatalogue
{
    public sealed record Item(int Number, string Section, string Title, string ResponsibleUnits, DateOnly From, DateOnly? DueBy, string Window);

    private static readonly DateOnly Start = new(2020, 1, 1);

    public static readonly IReadOnlyList<Item> Items =
    [
        new(1, "三(一)", "提升学习能力，强化理论武装", "机关党委、办公室，区县生态环境局", Start, null, "长期"),
        new(2, "三(二)", "提升业务能力，强化专业素养", "人事科、相关科室、直属单位，区县生态环境局", Start, null, "长期"),
        new(3, "三(三)", "提升综合能力，强化工作方法", "办公室、党办、相关科室、直属单位，区县生态环境局", Start, null, "长期"),
        new(4, "三(四)", "提升装备能力，强化科学治污", "规财科、生态环境保护综合行政执法支队、环境应急与信访处置中心，区县生态环境局", Start, new(2023, 12, 31), "2020年—2023年"),
        new(5, "三(五)", "提升实战能力，强化标兵建设", "相关科室、人事科", Start, new(2022, 12, 31), "2020年—2022年"),
        new(6, "三(六)", "提升信息化水平，强化高质高效", "污染源监控中心、办公室", Start, new(2022, 12, 31), "2020年—2022年"),
        new(7, "三(七)", "提升服务能力，强化群众意识", "县处级及以上领导，各科室、直属各单位，区县生态环境局", Start, null, "长期"),
        new(8, "三(八)", "优化人才环境，推动人人成才", "人事科", Start, null, "长期"),
        new(9, "三(九)", "优化创业环境，推动奖惩激励", "人事科、规财科", Start, null, "长期"),
        new(10, "三(十)", "优化政治生态，推动干部队伍建设", "人事科", Start, null, "长期"),
        new(11, "三(十一)", "完善考核机制，强化结果运用", "办公室", Start, new(2020, 12, 31), "2020年底前"),
        new(12, "三(十一)", "强化内部管理，确保运转高效", "人事科、机关纪委", Start, null, "长期"),
        new(13, "三(十二)", "强化关怀服务，建立激励机制", "人事科、机关工会、办公室", Start, null, "长期"),
        new(14, "三(十三)", "深化机关文化建设，推动文明和谐", "办公室、机关党办、机关纪委", Start, new(2021, 12, 31), "2020年—2021年"),
        new(15, "三(十四)", "强化法纪约束，确保风清气正", "机关党办、机关纪委", Start, new(2020, 12, 31), "2020年底前"),
    ];

    public static string StreamKey(int number) => $"programme-task:{number}";
}

/// <summary>A construction item and where it stands.</summary>
/// <param name="Overdue">Its window has closed and it is not done.</param>
public sealed record ProgrammeTaskView(int Number, string Section, string Title, string ResponsibleUnits, string Window, DateOnly? DueBy,
    ProgrammeTaskStatus Status, string? LastNote, DateOnly? LastReportedOn, bool Overdue);

/// <summary>Report progress on a construction item.</summary>
/// <param name="Status">NotStarted, InProgress or Done.</param>
/// <param name="Note">What was done.</param>
/// <param name="ReportedOn">YYYY-MM-DD; today when absent.</param>
public sealed record ReportProgrammeTaskProgress(ProgrammeTaskStatus? Status, string? Note, DateOnly? ReportedOn) : IHasExample<ReportProgrammeTaskProgress>
{
    public static ReportProgrammeTaskProgress Example => new(ProgrammeTaskStatus.Done, "《机关科室、直属单位目标绩效考核办法》已印发。", new DateOnly(2020, 12, 20));
}

public sealed class ReportProgrammeTaskProgressValidator : AbstractValidator<ReportProgrammeTaskProgress>
{
    public ReportProgrammeTaskProgressValidator()
    {
        RuleFor(x => x.Status).KnownEnum();
        RuleFor(x => x.Note).RequiredText(4000);
    }
}

public static class ProgrammeTaskEndpoints
{
    /// <summary>The programme's construction items (RPT-3) with responsible units, time windows and status.</summary>
    [WolverineGet("/api/v1/programme-tasks", OperationId = "ListProgrammeTasks"), Tags("Appraisal"), ReadAccess]
    [NotUnitScoped("the programme's items concern the whole bureau")]
    public static async Task<IReadOnlyList<ProgrammeTaskView>> List(IQuerySession session, TimeProvider clock)
    {
        var today = ChinaTime.Today(clock);
        var views = new List<ProgrammeTaskView>();
        foreach (var item in ProgrammeTaskCatalogue.Items)
        {
            var last = (await session.Events.FetchStreamAsync(ProgrammeTaskCatalogue.StreamKey(item.Number)))
                .Select(e => e.Data).OfType<ProgrammeTaskProgressReported>().LastOrDefault();
            var status = last?.Status ?? ProgrammeTaskStatus.NotStarted;
            views.Add(new ProgrammeTaskView(item.Number, item.Section, item.Title, item.ResponsibleUnits, item.Window, item.DueBy, status,
                last?.Note, last?.ReportedOn, item.DueBy < today && status != ProgrammeTaskStatus.Done));
        }
        return views;
    }

    /// <summary>Report progress on a construction item.</summary>
    [WolverinePost("/api/v1/programme-tasks/{number}/progress", OperationId = "ReportProgrammeTaskProgress"), Tags("Appraisal"), AdminAccess]
    [NotUnitScoped("the programme's items concern the whole bureau")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static IResult Report(int number, ReportProgrammeTaskProgress command, IDocumentSession session, TimeProvider clock)
    {
        if (ProgrammeTaskCatalogue.Items.All(i => i.Number != number)) return Problem.NotFound(Msg("NoProgrammeItem", number)).ToResult();
        var today = ChinaTime.Today(clock);
        var on = command.ReportedOn ?? today;
        if (on > today) return Problem.InFuture("reportedOn").ToResult();
        session.Events.Append(ProgrammeTaskCatalogue.StreamKey(number), new ProgrammeTaskProgressReported(number, command.Status!.Value, command.Note!.Trim(), on));
        return Results.Created("/api/v1/programme-tasks", null);
    }
}
