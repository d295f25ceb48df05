import ArgumentParser
import AsyncJobs
import Foundation

/// `ajc task cron …`: asyncjobs' scheduled tasks, every command under its names and flags, each refusing
/// with exit 1 until scheduled tasks exist (issue 18). They parse their arguments first, so a typo is
/// still bad usage, and they never open the store.
struct TaskCronCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "asyncjobs' scheduled tasks (not supported by this version yet).",
        subcommands: [Add.self, View.self, Delete.self, List.self, Scheduler.self],
        aliases: ["c"]
    )

    /// `ajc task cron add NAME SCHEDULE TYPE`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Schedule a task (not supported by this version yet: exits 1).",
            // Written out so the usage line wraps within 80 columns.
            usage: """
                ajc task cron add <name> <schedule> <type> [--payload <payload>]
                       [-q <queue>] [--deadline <duration>] [--tries <n>]
                """,
            aliases: ["new", "a"]
        )

        @Argument(help: "The schedule's name.")
        var name: String

        @Argument(help: "A cron schedule (5 fields, @daily, @every 1h).")
        var schedule: String

        @Argument(help: "The type of the tasks it creates.")
        var type: String

        @Option(help: ArgumentHelp("The tasks' payload.", valueName: "payload"))
        var payload: String?

        @Option(name: [.short, .customLong("queue")], help: ArgumentHelp("The queue.", valueName: "queue"))
        var queue = Queue.defaultName

        @Option(help: ArgumentHelp("Each task's deadline after its creation.", valueName: "duration"))
        var deadline: DurationArgument?

        @Option(help: ArgumentHelp("Most attempts per task.", valueName: "n"))
        var tries: Int?

        func run() async throws { throw UnsupportedFeature.scheduledTasks }
    }

    /// `ajc task cron view NAME`.
    struct View: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "view",
            abstract: "Show a schedule (not supported by this version yet: exits 1).",
            aliases: ["show", "v"]
        )

        @Argument(help: "The schedule's name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws { throw UnsupportedFeature.scheduledTasks }
    }

    /// `ajc task cron delete NAME`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Remove a schedule (not supported by this version yet: exits 1).",
            aliases: ["del", "rm"]
        )

        @Argument(help: "The schedule's name.")
        var name: String

        @OptionGroup var force: ForceOption

        func run() async throws { throw UnsupportedFeature.scheduledTasks }
    }

    /// `ajc task cron list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List schedules (not supported by this version yet: exits 1).",
            aliases: ["ls"]
        )

        @Flag(help: "Only the names.")
        var names = false

        func run() async throws { throw UnsupportedFeature.scheduledTasks }
    }

    /// `ajc task cron scheduler NAME`.
    struct Scheduler: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scheduler",
            abstract: "Run the scheduler (not supported by this version yet: exits 1)."
        )

        @Argument(help: "The scheduler's name (or $AJC_SCHEDULER_NAME).")
        var name: String?

        @Option(help: ArgumentHelp("Serve Prometheus metrics on this port.", valueName: "port"))
        var monitor: Int?

        func validate() throws {
            guard name ?? ProcessInfo.processInfo.environment["AJC_SCHEDULER_NAME"] != nil else {
                throw ValidationError("Missing expected argument '<name>' (or set AJC_SCHEDULER_NAME)")
            }
        }

        func run() async throws { throw UnsupportedFeature.scheduledTasks }
    }
}
