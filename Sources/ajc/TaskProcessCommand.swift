import ArgumentParser
import AsyncJobs
import Foundation
import Logging

/// `ajc task process TYPE QUEUE CONCURRENCY COMMAND`: a foreground worker whose handler is a shell command.
struct TaskProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run a worker pool in the foreground that handles tasks by running COMMAND.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task process <type> <queue> <concurrency> <command>
                   [--retry <policy>] [--monitor <port>] [--store <path>]
            """,
        discussion: """
            COMMAND runs through sh -c once per task, with the task's JSON on stdin and in the file \
            $AJ_TASK_FILE, and $AJ_TASK_ID and $AJ_TASK_TYPE set. Its exit status decides the attempt:
              0: the task completes with stdout as its result (as JSON when it parses)
              \(ShellCommandHandler.terminateExitCode): the task is terminated; stderr's last line is the reason
              other: the task retries; stderr's last line is the error

            When an attempt is cancelled (MaxRunTime, or 'ajc task terminate') the command and its \
            children are killed. Ctrl-C or SIGTERM stops taking tasks and waits for running ones to \
            finish, then exits 0; a second Ctrl-C cancels them and exits 130.

            Example: ajc task process email:new EMAIL 5 './send-email.sh'
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task type to handle (exact, or a prefix); \"\" handles every type.")
    var type: String

    @Argument(help: "The queue to take tasks from.")
    var queue: String

    @Argument(help: "Most tasks handled at once by this process.")
    var concurrency: Int

    @Argument(help: "The shell command run for each task.")
    var command: String

    @OptionGroup var monitorOption: MonitorOption

    @Option(help: ArgumentHelp("Retry policy for failed attempts: 10m (1 to 10 minutes), 1h or 1m.", valueName: "policy"))
    var retry = RetryPolicyArgument(argument: "10m")!

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("CONCURRENCY must be at least 1, got \(concurrency)") }
        // `sh -c ''` exits 0, so an empty command (an unset "$CMD") would complete, and so drain, every task.
        guard !command.allSatisfy(\.isWhitespace) else {
            throw ValidationError("COMMAND is empty: give the shell command to run for each task")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let store = try storeOptions.open()
        try await store.queueToServe(named: queue)
        let monitor = try await monitorOption.start(store: store)
        var router = Router()
        try router.register(type, handler: ShellCommandHandler(command: command).handler)
        let pool = WorkerPool(store: store, queue: queue, router: router, concurrency: concurrency,
                              retryPolicy: retry.policy, logger: Logger(label: "ajc"))
        let trap = SignalTrap()
        defer { trap.cancel() }
        let runner = Task { try await pool.run() }
        let signals = trap.signals
        let listener = Task {
            for await count in signals {
                if count == 1 {
                    Diagnostics.note("Stopping: waiting for running tasks to finish (Ctrl-C again to cancel them)")
                    pool.stop()
                } else {
                    runner.cancel()
                }
            }
        }
        defer { listener.cancel() }
        let what = type.isEmpty ? "every task" : "\(type) tasks"
        Diagnostics.note("Processing \(what) from queue \(queue), \(concurrency) at a time (Ctrl-C to stop)")
        do {
            try await runner.value
        } catch is CancellationError {}
        // A second Ctrl-C cancelled running tasks: say so the way a shell reports an interrupted command.
        await monitor?.stop()
        if runner.isCancelled { throw ExitCode(130) }
    }
}
