import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command started with `posix_spawn` in a process group of its own, so that it and every child it
/// starts can be killed together.
///
/// Foundation's `Process` cannot put the child in a new process group, and killing only the shell would
/// leave its children running (and holding the output pipes open) after an attempt is cancelled.
final class ChildProcess: Sendable {
    /// How a command ended.
    enum Termination: Sendable, Equatable {
        /// It called `exit` with this status.
        case exited(Int32)
        /// A signal killed it.
        case signalled(Int32)
    }

    /// What a finished command left behind: how it ended, and bounded captures of its output.
    struct Output: Sendable {
        var termination: Termination
        var standardOutput: OutputCapture
        var standardError: OutputCapture
    }

    /// Why a command could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "cannot start command: \(call) failed: \(String(cString: strerror(code)))" }
    }

    /// The descriptor on which a command sees its lifeline: a pipe whose write end only this process holds,
    /// so it reads end of file exactly when this process is gone, SIGKILLed included.
    static let lifelineDescriptor: Int32 = 3

    /// The child's pid, which is also its process group id.
    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let errors: Int32
    /// The lifeline's write end, held open until the command has been reaped.
    private let lifeline: Int32
    /// Set once the pid is reaped and so may belong to another process.
    private let reaped = Mutex(false)

    /// Starts `arguments[0]` (a path) with `arguments` and `environment` ("NAME=value" entries), its
    /// standard input, output and error connected to pipes, and the read end of a lifeline pipe on
    /// ``lifelineDescriptor``.
    init(arguments: [String], environment: [String]) throws(SpawnError) {
        Self.ignoreBrokenPipes
        // Every pipe end is close-on-exec (dup2 into 0/1/2 clears the flag on the child's copies only), so
        // none leaks into a command: a leaked write end would keep our reads from ever seeing EOF. That
        // takes two steps (Glibc's pipe2 is not visible to Swift); the lock keeps another handler's spawn
        // from inheriting the pipes in between.
        let (childPID, stdinPipe, stdoutPipe, stderrPipe, lifelinePipe) = try Self.spawnLock.withLock { _ throws(SpawnError) in
            var stdinPipe: [Int32] = [-1, -1]
            var stdoutPipe: [Int32] = [-1, -1]
            var stderrPipe: [Int32] = [-1, -1]
            var lifelinePipe: [Int32] = [-1, -1]
            for index in 0..<4 {
                let result = switch index {
                case 0: pipe(&stdinPipe)
                case 1: pipe(&stdoutPipe)
                case 2: pipe(&stderrPipe)
                default: pipe(&lifelinePipe)
                }
                if result != 0 {
                    let code = errno
                    for fd in stdinPipe + stdoutPipe + stderrPipe + lifelinePipe where fd >= 0 { close(fd) }
                    throw SpawnError(call: "pipe", code: code)
                }
            }
            for fd in stdinPipe + stdoutPipe + stderrPipe + lifelinePipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
            posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
            posix_spawn_file_actions_adddup2(&actions, lifelinePipe[0], Self.lifelineDescriptor)
            InheritedDescriptors.closeAll(in: &actions, above: Self.lifelineDescriptor)

            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // A group of its own (pgid = pid) so the whole tree can be signalled, and so a Ctrl-C meant for
            // the worker (which drains gracefully) does not kill running commands. Signal dispositions and
            // the mask are reset because the worker ignores SIGINT/SIGTERM/SIGPIPE and exec keeps ignored ones.
            posix_spawnattr_setpgroup(&attributes, 0)
            var defaults = sigset_t()
            sigfillset(&defaults)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            var emptyMask = sigset_t()
            sigemptyset(&emptyMask)
            posix_spawnattr_setsigmask(&attributes, &emptyMask)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

            var childPID: pid_t = 0
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            defer { for pointer in argv + envp { free(pointer) } }
            let result = posix_spawn(&childPID, arguments[0], &actions, &attributes, argv, envp)
            close(stdinPipe[0])
            close(stdoutPipe[1])
            close(stderrPipe[1])
            close(lifelinePipe[0])
            guard result == 0 else {
                close(stdinPipe[1])
                close(stdoutPipe[0])
                close(stderrPipe[0])
                close(lifelinePipe[1])
                throw SpawnError(call: "posix_spawn", code: result)
            }
            return (childPID, stdinPipe, stdoutPipe, stderrPipe, lifelinePipe)
        }
        pid = childPID
        input = stdinPipe[1]
        output = stdoutPipe[0]
        errors = stderrPipe[0]
        lifeline = lifelinePipe[1]
    }

    /// How long output pipes may stay open after the command exited, held by something it started.
    static let pipeGrace: Duration = .seconds(1)

    /// Serialises pipe creation and spawning (see `init`).
    private static let spawnLock = Mutex(())

    /// Writing the task to a command that does not read its standard input must fail with EPIPE rather
    /// than kill the worker with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Feeds `stdin` to the command, collects its output into `standardOutput` and `standardError` (which
    /// bound what is kept) until it exits, then kills anything it left running in its group. Blocks the
    /// calling thread; call it once.
    func communicate(stdin: Data, standardOutput: OutputCapture, standardError: OutputCapture) -> Output {
        let pending = [UInt8](stdin)
        var written = 0
        var inputOpen = true
        if pending.isEmpty { close(input); inputOpen = false }
        else { _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK) }
        var standardOutput = standardOutput
        var standardError = standardError
        var openReaders: [Int32] = [output, errors]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var exited = false
        var exitedAt: ContinuousClock.Instant?

        while !openReaders.isEmpty || inputOpen {
            var fds = openReaders.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if inputOpen { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            // Once the command itself has exited, grandchildren may still hold the pipes: give them a
            // moment and then kill the group, so a stray background job cannot hang the attempt.
            let ready = poll(&fds, nfds_t(fds.count), exited ? 50 : 200)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == input {
                    let count = pending[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                    if count > 0 { written += count }
                    if (count < 0 && errno != EAGAIN && errno != EINTR) || written == pending.count {
                        close(input)
                        inputOpen = false
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.withUnsafeBytes { bytes in
                        let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                        if entry.fd == output { standardOutput.append(chunk) } else { standardError.append(chunk) }
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(entry.fd)
                    openReaders.removeAll { $0 == entry.fd }
                }
            }
            if !exited {
                exited = hasExited(blocking: false)
                if exited { exitedAt = .now }
            } else if ready == 0 {
                killGroup()
                // Something outside the group (it called setsid) still holds a pipe: stop waiting for it.
                if let exitedAt, ContinuousClock.now - exitedAt > Self.pipeGrace {
                    for reader in openReaders { close(reader) }
                    openReaders = []
                }
            }
        }
        if inputOpen { close(input) }
        if !exited { _ = hasExited(blocking: true) }
        // The command has exited but is not reaped yet, so its pid (the group id) is still reserved:
        // killing the group now reaches only what the command left behind, never an unrelated process.
        killGroup()
        let status = reap()
        close(lifeline)
        let signal = status & 0x7f
        let termination: Termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        return Output(termination: termination, standardOutput: standardOutput, standardError: standardError)
    }

    /// Whether the command has exited, without reaping it (its pid stays reserved until ``reap()``).
    private func hasExited(blocking: Bool) -> Bool {
        var info = siginfo_t()
        let options = WEXITED | WNOWAIT | (blocking ? 0 : WNOHANG)
        while waitid(P_PID, id_t(pid), &info, options) != 0 {
            guard errno == EINTR else { return true }
        }
        return info.si_signo == SIGCHLD
    }

    /// Collects the exited command's wait status; from then on ``killGroup()`` does nothing, because the
    /// pid may be reused.
    private func reap() -> Int32 {
        reaped.withLock { reaped in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
            return status
        }
    }

    /// Kills the command and every process in its group at once (until the command has been reaped).
    func killGroup() {
        reaped.withLock { reaped in
            if !reaped { kill(-pid, SIGKILL) }
        }
    }
}
