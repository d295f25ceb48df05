import Foundation

/// Handler runs, appended one line at a time to a file shared by every worker process.
struct ExecutionLog: Sendable {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw UsageError(text: "cannot open \(path)") }
    }

    /// Appends "`mark` `task` `pid` `nanoseconds`" in one write, which O_APPEND keeps whole.
    func record(_ mark: String, _ task: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let line = "\(mark) \(task) \(getpid()) \(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
    }
}
