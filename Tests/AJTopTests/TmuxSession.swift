import Foundation

/// A real terminal for end-to-end tests: a private tmux server running one command, driven with
/// `send-keys` and read with `capture-pane`. Waiting is by polling a condition with a timeout, since the
/// program under test runs in another process.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket: String
    private(set) var isClosed = false

    /// Whether tmux is installed (CI installs it; tests are skipped without it).
    static var isAvailable: Bool { (try? run(["tmux", "-V"])) != nil }

    /// Starts `command` (argv) in a `width`x`height` terminal with a UTF-8 locale. The pane stays after the
    /// command exits, so its exit status and final screen can be read.
    init(_ command: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        socket = "ajtop-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        var arguments = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", String(width),
                         "-y", String(height), "-e", "LANG=C.UTF-8", "-e", "TERM=xterm-256color"]
        for (name, value) in environment { arguments += ["-e", "\(name)=\(value)"] }
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // Keep the pane once the command exits, set before the command runs.
        arguments += ["sleep 0.3; exec " + quoted, ";", "set-option", "-g", "remain-on-exit", "on"]
        try Self.run(arguments)
    }

    deinit { close() }

    /// Stops the tmux server.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = try? Self.run(["tmux", "-L", socket, "kill-server"])
    }

    /// The visible screen, one string per row.
    func screen() throws -> [String] {
        try tmux(["capture-pane", "-p"]).components(separatedBy: "\n")
    }

    /// Types keys (tmux key names such as `Enter`, `Escape`, `Up`, `C-c`, or literal text with `literal`).
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys"] + (literal ? ["-l"] : []) + keys)
    }

    /// Resizes the terminal.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// The pane's `#{...}` format value, e.g. `pane_dead`, `pane_dead_status`, `alternate_on`.
    func format(_ name: String) throws -> String {
        try tmux(["display-message", "-p", "#{\(name)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `condition` holds; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(10), _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var last: [String] = []
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "timed out waiting for \(what); screen:\n" + last.joined(separator: "\n"))
    }

    /// Waits until the screen contains `text` anywhere.
    @discardableResult
    func waitFor(text: String, timeout: Duration = .seconds(10)) throws -> [String] {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// Waits for the command to exit; returns its exit status.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try format("pane_dead") == "1" { return Int32(try format("pane_dead_status")) ?? -1 }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "the program did not exit; screen:\n" + ((try? screen()) ?? []).joined(separator: "\n"))
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.run(["tmux", "-L", socket] + arguments)
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
