import Foundation

/// How a ``ShellCommandHandler``'s command talks to the worker: ours, or the one asyncjobs' `ajc task
/// process` uses, so that handler scripts written for asyncjobs run unchanged.
///
/// Both get the task's wire JSON in a file named by `$CHORIA_AJ_TASK` (and `$AJ_TASK_FILE`), and
/// `$AJ_TASK_ID`, `$AJ_TASK_TYPE`, on top of the worker's environment.
public enum HandlerContract: Sendable, Equatable {
    /// Ours: the command line runs through `sh -c` with the task JSON also on stdin. Exit 0 completes
    /// with stdout as the result; exit ``ShellCommandHandler/terminateExitCode`` terminates; any other
    /// status retries. Stderr's last line is the error.
    case shell
    /// asyncjobs': the executable file at `path` runs with no arguments and nothing on stdin. Exit 0
    /// completes with its combined output (stdout and stderr interleaved) as the result; any other status
    /// is a failure that retries, as asyncjobs treats it, with the output's last line as the error.
    case executable(path: String)

    /// The contract for `command`: asyncjobs' when the whole command names an executable file (a path,
    /// or a bare name found on `searchPath` as asyncjobs' Go `exec.Command` finds it), ours otherwise.
    ///
    /// asyncjobs only ever runs a file, never a command line, so a single word naming an executable file
    /// is exactly the form its users write; anything with arguments, pipes or redirections is a shell
    /// command line and keeps our contract.
    public static func detect(_ command: String,
                              searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> HandlerContract {
        guard !command.isEmpty, !command.contains(where: \.isWhitespace) else { return .shell }
        if command.contains("/") {
            return isExecutableFile(command) ? .executable(path: command) : .shell
        }
        for folder in (searchPath ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            // An empty PATH entry means the current folder, as in every shell.
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + command
            if isExecutableFile(candidate) { return .executable(path: candidate) }
        }
        return .shell
    }

    /// One line saying how commands run, for a worker's start-up note.
    public var summary: String {
        switch self {
        case .shell:
            "Running the command through sh -c: task JSON on stdin and in $CHORIA_AJ_TASK; stdout is the result, exit \(ShellCommandHandler.terminateExitCode) terminates, other failures retry"
        case .executable(let path):
            "Running \(path) directly, as asyncjobs does: task JSON in $CHORIA_AJ_TASK; its combined output is the result, any non-zero exit retries"
        }
    }

    /// Whether `path` is a regular file this process may execute.
    static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// The shell code the supervisor evaluates for `command`: the command line itself, or the file run
    /// with no arguments and stderr joined to stdout (asyncjobs takes `CombinedOutput`).
    func shellCode(for command: String) -> String {
        switch self {
        case .shell: command
        case .executable(let path): "exec '\(path.replacingOccurrences(of: "'", with: #"'\''"#))' 2>&1"
        }
    }

    /// What the command reads on stdin: the task JSON for ours, nothing (end of file) for asyncjobs'.
    func standardInput(_ taskJSON: Data) -> Data {
        self == .shell ? taskJSON : Data()
    }

    /// Maps a finished command to the attempt's result or error.
    func outcome(of output: ChildProcess.Output) throws -> JSONValue {
        guard case .executable = self else { return try ShellCommandHandler.outcome(of: output) }
        // Stderr was joined to stdout, so the output holds both, in the order they were written.
        let reason = ShellCommandHandler.lastLine(of: output.standardOutput.bytes)
        switch output.termination {
        case .exited(0):
            guard !output.standardOutput.isTruncated else {
                throw ShellCommandHandlerError.resultTooLarge(size: output.standardOutput.size,
                                                              limit: ShellCommandHandler.resultLimit)
            }
            return ShellCommandHandler.result(from: output.standardOutput.bytes)
        case .exited(let status):
            throw ShellCommandHandlerError.failed(reason.map { "exit status \(status): \($0)" } ?? "exit status \(status)")
        case .signalled(let signal):
            throw ShellCommandHandlerError.failed(reason.map { "killed by signal \(signal): \($0)" } ?? "killed by signal \(signal)")
        }
    }
}
