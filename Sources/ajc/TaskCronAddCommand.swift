import ArgumentParser
import AsyncJobs
import Foundation

/// `ajc task cron add NAME SCHEDULE TYPE`: stores a schedule.
struct TaskCronAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Schedule a task: one task of TYPE at every fire of SCHEDULE.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task cron add <name> <schedule> <type> [--payload <payload>]
                   [-q <queue>] [--deadline <duration>] [--tries <n>]
                   [--tz <zone>] [--missed catch-up|skip] [--store <path>]
            """,
        discussion: """
            SCHEDULE is 5 cron fields (minute hour day-of-month month day-of-week, e.g. '*/5 * * * *' \\
            or '0 9 * * MON-FRI'), @yearly, @monthly, @weekly, @daily, @hourly, or '@every 90s'; as in \\
            asyncjobs the @ may be left out ('daily', 'every 5m'). It is read in --tz (UTC by default).

            --missed says what happens to fires that came due while no scheduler ran: catch-up \\
            (default) makes one task for them at once; skip drops them (counted in 'cron view').

            The payload is stored as the bytes given (asyncjobs' scheduler encodes it a second time).

            Example: ajc task cron add nightly-report '0 2 * * *' report:build -q REPORTS --tz Europe/Paris
            """,
        aliases: ["new", "a"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The schedule's name.")
    var name: String

    @Argument(help: "When it fires: 5 cron fields, @daily, @every 1h, …")
    var schedule: String

    @Argument(help: "The type of the tasks it creates.")
    var type: String

    @Option(help: ArgumentHelp("The tasks' payload, stored as the bytes given; - reads stdin.", valueName: "payload"))
    var payload: String?

    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp("The queue.", valueName: "queue"))
    var queue = Queue.defaultName

    @Option(help: ArgumentHelp("Each task's deadline after its creation (at least 30s).", valueName: "duration"))
    var deadline: DurationArgument?

    @Option(help: ArgumentHelp("Most attempts per task (0: the default, 10).", valueName: "n"))
    var tries = 0

    @Option(name: .customLong("tz"), help: ArgumentHelp("The IANA time zone the schedule is read in.", valueName: "zone"))
    var timeZone = "UTC"

    @Option(help: ArgumentHelp("Fires missed while no scheduler ran: catch-up (one task) or skip.", valueName: "policy"))
    var missed = MissedFireArgument.catchUp

    func run() async throws {
        let bytes = try payload.map { $0 == "-" ? try InputReader.read("-") : Data($0.utf8) }
        let scheduled = ScheduledTask(name: name, schedule: schedule, timeZone: timeZone, queue: queue, taskType: type,
                                      payload: bytes, deadline: deadline?.duration, maxTries: tries,
                                      missedFires: missed.policy, createdAt: .now)
        try scheduled.validate()
        try await storeOptions.openWithSchedules().createSchedule(scheduled)
        print("Scheduled \(name): \(scheduled.schedule) (\(timeZone)), next fire \(ScheduleText.nextFire(scheduled, now: .now))")
    }
}

/// `--missed catch-up|skip` (asyncjobs' spelling `catch_up` works too).
enum MissedFireArgument: String, ExpressibleByArgument, CaseIterable {
    case catchUp = "catch-up"
    case skip

    init?(argument: String) {
        switch argument {
        case "catch-up", "catch_up", "catchup": self = .catchUp
        case "skip": self = .skip
        default: return nil
        }
    }

    var policy: MissedFirePolicy { self == .catchUp ? .catchUp : .skip }
}
