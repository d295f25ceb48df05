import ArgumentParser
import AsyncJobs
import Foundation
import Logging

/// `ajc task cron scheduler NAME`: a scheduler in the foreground until Ctrl-C or SIGTERM.
struct TaskCronSchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run a scheduler: campaign for the lead and, while leading, make the schedules' tasks.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task cron scheduler <name> [--lease <duration>] [--monitor <port>]
                   [--store <path>]
            """,
        discussion: """
            Run as many as you like, on any machines sharing the store: one is elected leader through \\
            the store and makes each fire's task exactly once. If it dies, another takes over within \\
            --lease; fires missed meanwhile follow each schedule's --missed policy. Ctrl-C or SIGTERM \\
            stops it and hands the lead over at once.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The scheduler's name (or $AJC_SCHEDULER_NAME); made unique with this process's id.")
    var name: String?

    @Option(help: ArgumentHelp("How long the leader's lease lasts unless renewed: the longest no scheduler leads after the leader dies.",
                               valueName: "duration"))
    var lease = DurationArgument(argument: GoDuration.format(Scheduler.defaultLeaseTTL))!

    @OptionGroup var monitorOption: MonitorOption

    /// The name given, or asyncjobs' environment variable.
    var schedulerName: String? { name ?? ProcessInfo.processInfo.environment["AJC_SCHEDULER_NAME"] }

    func validate() throws {
        guard let schedulerName else {
            throw ValidationError("Missing expected argument '<name>' (or set AJC_SCHEDULER_NAME)")
        }
        guard NameValidation.isValid(schedulerName) else {
            throw ValidationError("invalid scheduler name \"\(schedulerName)\": use only letters, digits, '_', ':' and '-'")
        }
        guard lease.duration >= .seconds(1) else {
            throw ValidationError("--lease must be at least 1s, got \(GoDuration.format(lease.duration))")
        }
    }

    func run() async throws {
        DebugMode.bootstrapLogging()
        let store = try await storeOptions.openWithSchedules()
        let monitor = try await monitorOption.start(store: store)
        let candidate = "\(schedulerName!):\(getpid())"
        let scheduler = Scheduler(store: store, candidate: candidate, leaseTTL: lease.duration, logger: Logger(label: "ajc"))
        let trap = SignalTrap()
        defer { trap.cancel() }
        let runner = Task { await scheduler.run() }
        let signals = trap.signals
        let listener = Task {
            for await _ in signals { runner.cancel() }
        }
        defer { listener.cancel() }
        Diagnostics.note("Scheduler \(candidate) running, lease \(GoDuration.format(lease.duration)) (Ctrl-C to stop)")
        await runner.value
        await monitor?.stop()
    }
}
