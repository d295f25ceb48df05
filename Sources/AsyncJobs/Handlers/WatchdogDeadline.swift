import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The file through which a worker tells a command's watchdog how long the command may live: one line, the
/// instant after which it must be killed, in centiseconds of the boot clock (what `/proc/uptime` shows, so
/// the shell reads it without starting a process).
///
/// The worker pushes the instant forward after every renewal of the attempt's lease, to the silence
/// limit from now (``LeaseHeartbeat/silenceLimit``) but never past the attempt's MaxRunTime deadline.
/// When renewals stop (the worker frozen, a paused VM), the instant stays put and the watchdog kills the
/// command before the lease can run out. An absolute instant, not a count of the watchdog's own ticks, so
/// a loaded machine that slows the watchdog down cannot stretch the limit.
struct WatchdogDeadline: Sendable {
    /// The file.
    let path: String
    /// How far past the last renewal the command may live.
    let silenceLimit: Duration
    /// The attempt's own deadline (start + MaxRunTime), which no renewal moves.
    let attemptDeadline: Timestamp

    /// Writes the first instant; throws when the file cannot be written.
    init(path: String, heartbeat: LeaseHeartbeat, attemptDeadline: Timestamp) throws {
        self.path = path
        self.silenceLimit = heartbeat.silenceLimit
        self.attemptDeadline = attemptDeadline
        try push()
    }

    /// Moves the instant to the silence limit from now (never past the attempt's deadline), atomically:
    /// the watchdog reads either the old line or the new one, never half of one.
    func push() throws {
        let allowed = max(.zero, min(silenceLimit, attemptDeadline - Timestamp.now))
        let instant = Self.bootClockCentiseconds() + Int64(allowed / .milliseconds(10))
        try Data("\(instant)\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Removes the file.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The boot clock (`CLOCK_BOOTTIME`, which `/proc/uptime` reads) in centiseconds.
    static func bootClockCentiseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return Int64(now.tv_sec) * 100 + Int64(now.tv_nsec) / 10_000_000
    }

    /// How often the watchdog looks: short against the silence limit (a tenth of it, between 0.1 s and
    /// 0.5 s), as `sleep` takes it ("0.200").
    static func tick(for heartbeat: LeaseHeartbeat) -> String {
        let tick = min(max(heartbeat.silenceLimit / 10, .milliseconds(100)), .milliseconds(500))
        let milliseconds = Int(tick / .milliseconds(1))
        return "\(milliseconds / 1000).\(String(format: "%03d", milliseconds % 1000))"
    }
}
