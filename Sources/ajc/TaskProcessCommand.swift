import ArgumentParser
import AsyncJobs
import Foundation
import Logging

/// `ajc task process TYPE QUEUE CONCURRENCY COMMAND`: a foreground worker whose handler is a command.
struct TaskProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run a worker pool in the foreground that handles tasks by running COMMAND.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task process <type> <queue> <concurrency> <command>
                   [--retry <policy>] [--lease <duration>] [--monitor <port>]
                   [--discard-complete] [--discard-expired]
                   [--verify <pubkey|file> [--signatures-optional]] [--scheduler]
                   [--store <path>]
            """,
        discussion: """
            Each argument may come from the environment instead, as in asyncjobs: $AJC_TYPE, \
            $AJC_QUEUE, $AJC_CONCURRENCY, $AJC_COMMAND. Every command gets the task's JSON in the \
            file named by $CHORIA_AJ_TASK (and $AJ_TASK_FILE), and $AJ_TASK_ID and $AJ_TASK_TYPE.

            A COMMAND that is an executable file (a path, or a name on $PATH) runs directly, as \
            asyncjobs runs it: nothing on stdin, its combined stdout and stderr is the result, any \
            non-zero exit retries.

            Any other COMMAND runs through sh -c, with the task's JSON also on stdin. Its exit \
            status decides the attempt:
              0: the task completes with stdout as its result (as JSON when it parses)
              \(ShellCommandHandler.terminateExitCode): the task is terminated; stderr's last line is the reason
              other: the task retries; stderr's last line is the error

            When an attempt is cancelled (MaxRunTime, 'ajc task terminate', or a lease found lost) \
            the command and its children are killed; so are they when this worker dies or stops \
            renewing the lease (frozen, stopped), before another worker may take the task. The \
            worker renews each running task's lease every third of --lease; if it dies, its tasks \
            run again elsewhere once the lease runs out. Ctrl-C or SIGTERM stops taking tasks and waits for running ones to \
            finish, then exits 0; a second Ctrl-C cancels them and exits 130.

            --discard-complete and --discard-expired delete a task the moment this worker's attempt \
            ends it in that state, history and all (its state change is still in the event log, so \
            'task watch' shows it). A queue's --retention prunes the rest after a while.

            --verify KEY runs only tasks signed (asyncjobs' Ed25519 signatures, 'ajc task add --sign') \
            by the key's pair; any other task ends terminated without running, its last error saying \
            why. --signatures-optional lets unsigned tasks run too.

            Example: ajc task process email:new EMAIL 5 './send-email.sh'
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task type to handle (exact, or a prefix); \"\" handles every type. Or $AJC_TYPE.")
    var type: String?

    @Argument(help: "The queue to take tasks from. Or $AJC_QUEUE.")
    var queue: String?

    @Argument(help: "Most tasks handled at once by this process. Or $AJC_CONCURRENCY.")
    var concurrency: Int?

    @Argument(help: "The command run for each task. Or $AJC_COMMAND.")
    var command: String?

    @OptionGroup var monitorOption: MonitorOption

    @Option(name: [.customLong("retry"), .customLong("backoff")], help: ArgumentHelp(
        "Retry policy for failed attempts: 10m (1 to 10 minutes), 1h or 1m; --backoff is asyncjobs' name.",
        valueName: "policy"))
    var retry = RetryPolicyArgument(argument: "10m")!

    @Option(help: ArgumentHelp("How long a running task's lease lasts unless renewed: how soon another worker may run the tasks of this one if it dies (never longer than the queue's MaxRunTime + 1s).",
                               valueName: "duration"))
    var lease = DurationArgument(argument: GoDuration.format(Claim.defaultLeaseWindow))!

    @OptionGroup var discard: DiscardOptions

    @OptionGroup var verification: VerificationOptions

    @Flag(help: "Also run a scheduler ('ajc task cron'): it campaigns for the lead and, when elected, makes the schedules' tasks.")
    var scheduler = false

    @OptionGroup var asyncjobs: TaskProcessAsyncjobsOptions

    /// The four arguments, each given on the line or taken from asyncjobs' environment variable.
    var settings: TaskProcessSettings {
        get throws { try TaskProcessSettings(type: type, queue: queue, concurrency: concurrency, command: command) }
    }

    func validate() throws {
        guard lease.duration >= WorkerPool.shortestLeaseWindow else {
            throw ValidationError("--lease must be at least \(GoDuration.format(WorkerPool.shortestLeaseWindow)), got \(GoDuration.format(lease.duration))")
        }
        // asyncjobs' --remote needs no COMMAND; it is refused in run(), as a failed operation.
        if asyncjobs.remote { return }
        let settings = try settings
        guard settings.concurrency >= 1 else {
            throw ValidationError("CONCURRENCY must be at least 1, got \(settings.concurrency)")
        }
        // `sh -c ''` exits 0, so an empty command (an unset "$CMD") would complete, and so drain, every task.
        guard !settings.command.allSatisfy(\.isWhitespace) else {
            throw ValidationError("COMMAND is empty: give the shell command to run for each task")
        }
    }

    func run() async throws {
        try asyncjobs.refuse()
        let (type, queue, concurrency, command) = try settings.values
        let verifier = try verification.verifier()
        DebugMode.bootstrapLogging()
        let store = try await storeOptions.open()
        try await store.queueToServe(named: queue)
        let monitor = try await monitorOption.start(store: store)
        var router = Router()
        let contract = HandlerContract.detect(command)
        try router.register(type, handler: ShellCommandHandler(command: command, contract: contract).handler)
        let workerName = WorkerPool.defaultWorkerName()
        let pool = WorkerPool(store: store, queue: queue, router: router, concurrency: concurrency,
                              retryPolicy: retry.policy, discarding: try discard.states(), verifier: verifier,
                              scheduler: scheduler ? Scheduler(store: try StoreOptions.withSchedules(store), candidate: workerName, logger: Logger(label: "ajc")) : nil,
                              workerName: workerName, leaseWindow: lease.duration, logger: Logger(label: "ajc"))
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
        Diagnostics.note(contract.summary)
        do {
            try await runner.value
        } catch is CancellationError {}
        // A second Ctrl-C cancelled running tasks: say so the way a shell reports an interrupted command.
        await monitor?.stop()
        if runner.isCancelled { throw ExitCode(130) }
    }
}
