import ArgumentParser
import AsyncJobs
import Foundation
import Logging

/// `ajc task cron …`: asyncjobs' scheduled tasks, under its command names, aliases and flags.
struct TaskCronCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Scheduled tasks: tasks created on a cron schedule by an elected scheduler.",
        discussion: """
            A schedule makes one task of TYPE in QUEUE at each fire. Schedulers ('ajc task cron \\
            scheduler', 'ajc task process --scheduler', 'ajtop --scheduler') elect one leader through \\
            the store; only the leader makes tasks, each fire exactly once. When the leader dies \\
            another takes over within its lease (--lease, 10s by default).
            """,
        subcommands: [TaskCronAddCommand.self, View.self, Delete.self, List.self, TaskCronSchedulerCommand.self],
        aliases: ["c"]
    )

    /// `ajc task cron view NAME`.
    struct View: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "view", abstract: "Show a schedule with its next and last fire.",
            // Written out so the usage line wraps within 80 columns.
            usage: """
                ajc task cron view <name> [--json]
                       [--store <path> | --nats <url> | --context <name>]
                """,
            aliases: ["show", "v"])

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The schedule's name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try await storeOptions.openWithSchedules()
            let schedule = try await store.schedule(named: name)
            if output.json { return print(String(decoding: schedule.json(nextFire: schedule.nextFire), as: UTF8.self)) }
            let leadership = try await store.leadership(election: Scheduler.election)
            for (label, value) in ScheduleText.rows(schedule, leadership: leadership, now: .now) {
                print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + VisibleText.escaping(value, keepingLines: false))
            }
        }
    }

    /// `ajc task cron delete NAME`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Remove a schedule (the tasks it made stay).",
            usage: """
                ajc task cron delete <name> [--force]
                       [--store <path> | --nats <url> | --context <name>]
                """,
            aliases: ["del", "rm"])

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The schedule's name.")
        var name: String

        @OptionGroup var force: ForceOption

        func run() async throws {
            let store = try await storeOptions.openWithSchedules()
            let schedule = try await store.schedule(named: name)
            try force.confirm("Remove schedule \(name) (\(schedule.schedule) → \(schedule.taskType) in \(schedule.queue))?")
            try await store.removeSchedule(named: name)
            print("Removed schedule \(name)")
        }
    }

    /// `ajc task cron list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List schedules with their next fire and the scheduling leader.",
            usage: """
                ajc task cron list [--names] [--json]
                       [--store <path> | --nats <url> | --context <name>]
                """,
            aliases: ["ls"])

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Only the names, one per line.")
        var names = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try await storeOptions.openWithSchedules()
            let schedules = try await store.schedules()
            if names { return schedules.forEach { print($0.name) } }
            if output.json { return OutputOptions.printJSONArray(schedules.map { $0.json(nextFire: $0.nextFire) }) }
            if schedules.isEmpty { return print("No schedules; add one with 'ajc task cron add NAME SCHEDULE TYPE'") }
            let now = Timestamp.now
            var table = TextTable([
                .init(title: "NAME", minimumWidth: 6), .init(title: "SCHEDULE"), .init(title: "ZONE"), .init(title: "QUEUE"),
                .init(title: "TYPE"), .init(title: "NEXT FIRE"), .init(title: "LAST FIRE"),
            ])
            for schedule in schedules {
                table.append([schedule.name, schedule.schedule, schedule.timeZone, schedule.queue, schedule.taskType,
                              ScheduleText.nextFire(schedule, now: now), ScheduleText.lastFire(schedule, now: now)])
            }
            print(table.render())
            print(ScheduleText.leader(try await store.leadership(election: Scheduler.election), now: now))
        }
    }
}
