import AsyncJobs
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run by a test as a separate OS process, its output going to files so it never blocks on a full
/// pipe.
///
/// Started with `posix_spawn`, the files opened by the child itself: Foundation's `Process.run()` crashed (an
/// over-read in memcpy) under many parallel launches, and keeping no descriptors open in the test process
/// leaves nothing to leak into the child or from one child into another.
public final class SpawnedProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The arguments it was started with (without the executable).
    public let arguments: [String]
    /// Where its standard output goes.
    public let stdoutFile: URL
    /// Where its standard error goes.
    public let stderrFile: URL

    private struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    private let state = Mutex(State())

    /// Starts `executable arguments…` with `environment`; its stdin reads `input` (or /dev/null, which is
    /// not a terminal, when nil), its stdout and stderr go to files in `folder` (created).
    public init(executable: URL, arguments: [String], input: Data?, environment: [String: String],
                folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.arguments = arguments
        stdoutFile = folder.appendingPathComponent("stdout")
        stderrFile = folder.appendingPathComponent("stderr")
        let inputFile = folder.appendingPathComponent("stdin")
        try (input ?? Data()).write(to: inputFile)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input == nil ? "/dev/null" : inputFile.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Other suites' pipes must not leak into the child (a leaked write end keeps their readers from EOF).
        InheritedDescriptors.closeAll(in: &actions)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable.path, &actions, nil, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        pid = child
        // waitpid blocks: a thread of its own, not one of the cooperative pool's.
        Thread.detachNewThread { self.reap() }
    }

    /// Waits for the exit without reaping, then reaps under the lock, so ``signal(_:)`` never reaches a
    /// reused pid; then wakes the waiters.
    private func reap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let (code, waiters) = state.withLock { state in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // Exit status, or 128 + signal as a shell reports a killed command.
            let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            state.status = code
            defer { state.waiters = [] }
            return (code, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: code) }
    }

    /// What it has written to stdout so far (invalid UTF-8 repaired).
    public var stdout: String { Self.text(of: stdoutFile) }
    /// What it has written to stderr so far (invalid UTF-8 repaired).
    public var stderr: String { Self.text(of: stderrFile) }

    private static func text(of file: URL) -> String {
        String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }

    /// Its exit status (128 + signal when a signal killed it), or nil while it runs.
    public var status: Int32? { state.withLock { $0.status } }

    /// Sends `signal` (e.g. SIGINT for Ctrl-C), unless it has already been reaped (its pid may be reused).
    public func signal(_ signal: Int32) {
        state.withLock { state in
            if state.status == nil { kill(pid, signal) }
        }
    }

    /// Waits until it exits; its status.
    public func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Waits up to `timeout` for it to exit; its status, or nil if it is still running.
    public func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return status
    }

    /// Kills it with SIGKILL, as a crash or `kill -9` would, and waits until it is gone.
    @discardableResult
    public func killHard() async -> Int32 {
        signal(SIGKILL)
        return await exitStatus()
    }
}
