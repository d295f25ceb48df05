import Foundation

/// A handler that runs a shell command for each task: how `ajc task process` and `ajtop --handler
/// TYPE=COMMAND` let any program be a worker.
///
/// The command runs in a process group of its own, inheriting the worker's environment plus:
/// - `AJ_TASK_FILE` and `CHORIA_AJ_TASK` (asyncjobs' name): a temporary file holding the task's wire
///   JSON (removed after the attempt),
/// - `AJ_TASK_ID`, `AJ_TASK_TYPE`: the task's id and type.
///
/// With the ``HandlerContract/shell`` contract (the default) it runs through `sh -c` and the task's wire
/// JSON is also written to its standard input. How it exits decides the attempt:
/// - status 0: the task completes with standard output as its result, as JSON when it parses, otherwise
///   as a JSON string (trailing whitespace trimmed); empty output is `null`; output larger than
///   ``resultLimit`` fails the attempt instead (a result is stored with its task and read by every view);
/// - status ``terminateExitCode`` (64): the task is terminated, with standard error's last line as the
///   reason;
/// - anything else: the attempt fails with standard error's last line (or the exit status) as the error,
///   and the task retries on the worker's retry policy.
///
/// With ``HandlerContract/executable(path:)`` it is run the way asyncjobs runs handler files (see there).
///
/// When the attempt is cancelled (MaxRunTime passed, an operator terminated the task, the lease was lost)
/// the command and every process in its group are killed with SIGKILL; so is anything the command leaves
/// running when it exits. A watchdog beside the command kills the group too when the worker dies or stops
/// renewing the attempt's lease (see `supervisor`): a command never outlives its attempt.
public struct ShellCommandHandler: Sendable {
    /// The exit status that terminates a task instead of retrying it: 64, `EX_USAGE` in sysexits(3),
    /// "the input was wrong", which is exactly when another try cannot succeed.
    public static let terminateExitCode: Int32 = 64

    /// Most bytes of standard output a command may return as its result: 1 MiB. Output is read at pipe
    /// speed whatever its size, but only this much is kept; a larger result fails the attempt with an
    /// error saying so (write big results to a file and return its path).
    public static let resultLimit = 1 << 20

    /// How much of standard error's end is kept to find its last line: the error stored is capped at
    /// ``ErrorText/limit`` anyway.
    static let errorTailLimit = 64 << 10

    /// The shell command line.
    public let command: String
    /// How the command receives the task and reports back.
    public let contract: HandlerContract
    /// Where the task files are written.
    public let temporaryDirectory: URL

    /// Creates a handler for `command` under `contract` (``HandlerContract/detect(_:searchPath:)`` picks
    /// asyncjobs' for an executable file), writing task files into `temporaryDirectory`.
    public init(command: String, contract: HandlerContract = .shell,
                temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
        self.command = command
        self.contract = contract
        self.temporaryDirectory = temporaryDirectory
    }

    /// This handler as a ``JobHandler`` for ``Router/register(_:handler:)``.
    public var handler: JobHandler {
        { task, context in try await self.run(task, context: context) }
    }

    /// Runs the command for one attempt of `task`.
    public func run(_ task: JobTask, context: HandlerContext) async throws -> JSONValue {
        let json = task.wireJSON
        let file = temporaryDirectory.appendingPathComponent("aj-task-\(task.id)-\(UUID().uuidString).json")
        do {
            try json.write(to: file)
        } catch {
            throw ShellCommandHandlerError.taskFile(path: file.path, reason: error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: file) }

        var environment = ProcessInfo.processInfo.environment
        environment["AJ_TASK_FILE"] = file.path
        environment["CHORIA_AJ_TASK"] = file.path
        environment["AJ_TASK_ID"] = task.id
        environment["AJ_TASK_TYPE"] = task.type
        // With a pool keeping the attempt's lease, a deadline file the watchdog checks; every renewal
        // pushes it forward (see `supervisor`).
        let deadline: WatchdogDeadline?
        do {
            deadline = try context.heartbeat.map { heartbeat in
                try WatchdogDeadline(path: file.path + ".deadline", heartbeat: heartbeat, attemptDeadline: context.deadline)
            }
        } catch {
            throw ShellCommandHandlerError.taskFile(path: file.path + ".deadline", reason: error.localizedDescription)
        }
        defer { deadline?.remove() }
        let process: ChildProcess
        do {
            process = try ChildProcess(
                arguments: ["/bin/sh", "-c", Self.supervisor, "sh", contract.shellCode(for: command), deadline?.path ?? "",
                            context.heartbeat.map(WatchdogDeadline.tick(for:)) ?? ""],
                environment: environment.map { "\($0.key)=\($0.value)" })
        } catch {
            throw ShellCommandHandlerError.spawn(error.description)
        }
        let listener = context.heartbeat?.addListener { try? deadline?.push() }
        defer { if let listener { context.heartbeat?.removeListener(listener) } }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A thread of its own: the wait blocks, and the cooperative pool must not be starved by
                // as many blocked handlers as the worker's concurrency. The outcome (parsing up to a
                // megabyte of output) is worked out there too, never on the pool that renews leases.
                Thread.detachNewThread {
                    let output = process.communicate(
                        stdin: contract.standardInput(json), standardOutput: OutputCapture(limit: Self.resultLimit, keep: .head),
                        standardError: OutputCapture(limit: Self.errorTailLimit, keep: .tail))
                    continuation.resume(returning: Result { try contract.outcome(of: output) })
                }
            }
        } onCancel: {
            process.killGroup()
        }
        try Task.checkCancellation()
        return try outcome.get()
    }

    /// The shell code that runs the command (`$1`) under a watchdog that kills the command's whole process
    /// group when the worker can no longer vouch for the attempt:
    /// - the worker is gone (SIGKILL included): the lifeline (``ChildProcess/lifelineDescriptor``) reads end
    ///   of file. Without this a killed worker's command ran on alongside the next attempt;
    /// - the worker stopped renewing the lease (frozen by SIGSTOP, a paused VM, a store it cannot write):
    ///   the boot clock (`/proc/uptime`, read every `$3` seconds) passed the instant in the deadline file
    ///   `$2` (``WatchdogDeadline``), which every renewal pushes forward; so the command dies before the
    ///   lease can run out and the task be handed to another worker. Without this a frozen worker's
    ///   command ran on while another worker ran the same task.
    /// With no deadline file (no pool keeps a lease) only the first applies. Builtins only, but for the
    /// `sleep` between looks (with a fraction, as GNU and BusyBox take it). The command itself gets neither
    /// the lifeline nor the positional parameters.
    static let supervisor = """
        aj_command=$1 aj_deadline_file=$2 aj_tick=$3
        { read -r aj_line <&3; kill -KILL 0; } </dev/null >/dev/null 2>&1 &
        if [ -n "$aj_deadline_file" ]; then
            {
                while sleep "$aj_tick"; do
                    read -r aj_deadline <"$aj_deadline_file" || continue
                    read -r aj_uptime aj_idle </proc/uptime || continue
                    [ "${aj_uptime%.*}${aj_uptime#*.}" -lt "$aj_deadline" ] || break
                done
                kill -KILL 0
            } </dev/null >/dev/null 2>&1 &
        fi
        exec 3<&-
        shift 3
        eval "unset aj_command aj_deadline_file aj_tick; $aj_command"
        """

    /// Maps what a finished command left behind to the attempt's result or error.
    static func outcome(of output: ChildProcess.Output) throws -> JSONValue {
        let reason = lastLine(of: output.standardError.bytes)
        switch output.termination {
        case .exited(0):
            guard !output.standardOutput.isTruncated else {
                throw ShellCommandHandlerError.resultTooLarge(size: output.standardOutput.size, limit: resultLimit)
            }
            return result(from: output.standardOutput.bytes)
        case .exited(terminateExitCode):
            throw TerminateTaskError(reason ?? "command exited with status \(terminateExitCode) (terminate)")
        case .exited(let status):
            throw ShellCommandHandlerError.failed(reason ?? "command exited with status \(status)")
        case .signalled(let signal):
            throw ShellCommandHandlerError.failed(reason ?? "command killed by signal \(signal)")
        }
    }

    /// Standard output as a result: JSON when it parses, else the trimmed text as a string.
    static func result(from standardOutput: Data) -> JSONValue {
        let text = String(decoding: standardOutput, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .null }
        if let value = try? JSONValue(json: Data(trimmed.utf8)) { return value }
        // Only trailing whitespace goes: found from the end, without reversing the whole text.
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? text.startIndex
        return .string(String(text[..<end]))
    }

    /// The last non-blank line of `data`, trimmed, or nil.
    static func lastLine(of data: Data) -> String? {
        String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .last { !$0.isEmpty }
    }
}
