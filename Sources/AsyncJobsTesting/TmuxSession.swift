import Foundation

/// A real terminal for end-to-end tests: a private tmux server running one command, driven with
/// `send-keys` and read with `capture-pane`. Waiting is by polling a condition with a timeout, since the
/// program under test runs in another process.
public final class TmuxSession {
    /// A tmux command that failed, or a wait that timed out, with the screen at the time.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String

        /// A failure saying `description`.
        public init(description: String) { self.description = description }
    }

    /// The private tmux server's socket name.
    public let socket: String
    /// Whether ``close()`` has stopped the server.
    public private(set) var isClosed = false

    /// Whether tmux is installed (CI installs it; tests are skipped without it).
    public static var isAvailable: Bool { (try? run(["tmux", "-V"])) != nil }

    /// Starts `command` (argv) in a `width`x`height` terminal with a UTF-8 locale. The pane stays after the
    /// command exits, so its exit status and final screen can be read.
    public init(_ command: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        socket = "ajtop-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        var arguments = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", String(width),
                         "-y", String(height), "-e", "LANG=C.UTF-8", "-e", "TERM=xterm-256color"]
        for (name, value) in environment { arguments += ["-e", "\(name)=\(value)"] }
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // A shell reports the exit status and keeps the pane (tmux's own dead-pane status is unreliable
        // when the program exits quickly).
        arguments += ["sleep 0.2; " + quoted + "; echo \"[exited $?]\"; sleep 600"]
        try Self.run(arguments)
    }

    deinit { close() }

    /// Stops the tmux server.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = try? Self.run(["tmux", "-L", socket, "kill-server"])
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// The visible screen, one string per row.
    public func screen() throws -> [String] {
        try tmux(["capture-pane", "-p"]).components(separatedBy: "\n")
    }

    /// The visible screen as one string, with the escape sequences of its colours and attributes; with
    /// `trailingSpaces`, each row's blank end too (tmux drops it otherwise, and with it the attributes of
    /// a highlight that runs to the edge).
    public func capture(escapes: Bool, trailingSpaces: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + (trailingSpaces ? ["-N"] : []))
    }

    /// Types keys (tmux key names such as `Enter`, `Escape`, `Up`, `C-c`, or literal text with `literal`).
    public func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys"] + (literal ? ["-l"] : []) + keys)
    }

    /// Resizes the terminal.
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// The pane's `#{...}` format value, e.g. `pane_dead`, `pane_dead_status`, `alternate_on`.
    public func format(_ name: String) throws -> String {
        try tmux(["display-message", "-p", "#{\(name)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `condition` holds; throws with the last screen after `timeout`.
    ///
    /// Async, and it sleeps with `Task.sleep`: a blocking wait held one of the cooperative pool's threads
    /// (two on a 2-core machine) for the whole wait, and with two end-to-end tests waiting at once every
    /// other test in the process stalled for seconds (connect timeouts, "took 10.3 s" bounds).
    @discardableResult
    public func waitFor(_ what: String, timeout: Duration = .seconds(10), _ condition: ([String]) -> Bool) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var last: [String] = []
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "timed out waiting for \(what); screen:\n" + last.joined(separator: "\n"))
    }

    /// Waits until the screen contains `text` anywhere.
    @discardableResult
    public func waitFor(text: String, timeout: Duration = .seconds(10)) async throws -> [String] {
        try await waitFor("\"\(text)\"", timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// Waits for the command to exit; returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32 {
        let screen = try await waitFor("the program to exit", timeout: timeout) { $0.contains { $0.hasPrefix("[exited ") } }
        let line = screen.first { $0.hasPrefix("[exited ") } ?? ""
        return Int32(line.dropFirst("[exited ".count).dropLast()) ?? -1
    }

    /// The process id of the command (the child of the pane's shell).
    public func commandPID() throws -> String {
        let shell = try format("pane_pid")
        return try Self.run(["pgrep", "-P", shell, "-x", "ajtop"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.run(["tmux", "-L", socket] + arguments)
    }

    /// Runs a command and returns its output. Spawned with `posix_spawn` and reaped with `waitpid` rather
    /// than `Process`, whose exit detection hangs when the child leaves a daemon behind (tmux's server);
    /// output goes through a file for the same reason.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // Children start with no signal blocked, whatever this (worker) thread blocks.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0, spelled out because the macros are not imported.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
