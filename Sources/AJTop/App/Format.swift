import AsyncJobs
import Foundation

/// How the dashboard writes numbers, times and states, in one place so every screen agrees.
public enum Format {
    /// A count in at most 6 columns: `999`, `99999`, `123k`, `1.2M`.
    public static func count(_ value: Int) -> String { CompactCount.text(value) }

    /// What follows `active 2/4` when delayed retries hold slots no handler runs in: ` +1 delayed`; empty
    /// when none do.
    public static func delayedRetries(_ held: Int) -> String { held > 0 ? " +\(count(held)) delayed" : "" }

    /// An age or countdown: `45s`, `3m12s`, `2h05m`.
    public static func age(_ duration: Duration) -> String { GoDuration.compact(duration) }

    /// A duration as precise as its size makes useful: `310ms` under a second, tenths under ten seconds
    /// (`2.4s`), else like ``age(_:)`` (`12s`, `1m05s`); an attempt or a handler slot often takes less than a
    /// second, which whole seconds would all show as `0s`.
    public static func duration(_ duration: Duration) -> String {
        let nanoseconds = max(0, duration.nanoseconds)
        if nanoseconds < 1_000_000_000 { return "\(nanoseconds / 1_000_000)ms" }
        let tenths = nanoseconds / 100_000_000
        return tenths < 100 ? "\(tenths / 10).\(tenths % 10)s" : age(duration)
    }

    /// A latency in at most 6 columns, `—` without a sample: `820µs`, `12ms`, `3.4s`, then as ``age(_:)``
    /// (`42s`, `2m10s`); queue waits run from microseconds to hours. Rounded to the unit shown, not cut:
    /// a percentile is an estimate, and 9.96 ms reads better as `10ms` than `9ms`.
    public static func latency(_ duration: Duration?) -> String {
        guard let duration else { return "—" }
        let nanoseconds = Double(max(0, duration.nanoseconds))
        let micros = Int((nanoseconds / 1e3).rounded())
        if micros < 1000 { return "\(micros)µs" }
        let millis = Int((nanoseconds / 1e6).rounded())
        if millis < 1000 { return "\(millis)ms" }
        let tenths = Int((nanoseconds / 1e8).rounded())
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10)s" }
        return age(.nanoseconds(Int64((nanoseconds / 1e9).rounded()) * 1_000_000_000))
    }

    /// A rate per second in at most 6 columns: `0.2/s`, `4.5/s`, `14/s`, `999/s`, `12k/s`, `123k/s`.
    public static func rate(_ perSecond: Double) -> String {
        if perSecond >= 999.5 { return "\(Int((perSecond / 1000).rounded()))k/s" }
        if perSecond >= 9.95 { return "\(Int(perSecond.rounded()))/s" }
        let tenths = Int((perSecond * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)/s"
    }

    /// Failed ÷ finished as a percentage: `-` when nothing finished, else whole percent, except that a
    /// rate rounding to 0 or 100 without being so reads `<1%` or `>99%` (one failure is never shown as none).
    public static func errorRate(failed: Int, finished: Int) -> String {
        guard finished > 0 else { return "-" }
        let percent = Int((Double(failed) * 100 / Double(finished)).rounded())
        if failed > 0 && percent == 0 { return "<1%" }
        if failed < finished && percent == 100 { return ">99%" }
        return "\(percent)%"
    }

    /// `HH:MM:SS` at `offsetSeconds` east of UTC.
    public static func clock(_ time: Timestamp, offsetSeconds: Int) -> String {
        let seconds = Int((time.nanoseconds / 1_000_000_000 + Int64(offsetSeconds)) % 86_400 + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// `YYYY-MM-DD HH:MM:SS` at `offsetSeconds` east of UTC.
    public static func dateTime(_ time: Timestamp, offsetSeconds: Int) -> String {
        let shifted = time + .seconds(offsetSeconds)
        let day = String(shifted.rfc3339.prefix(10))
        return day + " " + clock(time, offsetSeconds: offsetSeconds)
    }

    /// A glyph per task state, so states read without colour.
    public static func glyph(_ state: TaskState) -> Character {
        switch state {
        case .new: "○"
        case .active: "▶"
        case .retry: "↻"
        case .complete: "✓"
        case .expired: "⧗"
        case .terminated: "⊘"
        case .queueError, .unreachable: "✗"
        case .blocked: "…"
        }
    }

    /// How a task's state reads in every list and on its own screen: its stored state, except that a
    /// `retry` task without tries, which only an operator's retry leaves (tries restart, the next attempt
    /// is due now), reads `○ ready`: it waits for a worker, not for a retry delay.
    public static func state(of task: JobTask) -> (text: String, style: Style) {
        if isReady(task) { return ("○ ready", .normal) }
        return ("\(glyph(task.state)) \(task.state.rawValue)", style(task.state))
    }

    /// Whether the task was retried by an operator and no attempt has taken it yet.
    public static func isReady(_ task: JobTask) -> Bool { task.state == .retry && task.tries == 0 }

    /// The meaning of a task state.
    public static func style(_ state: TaskState) -> Style {
        switch state {
        case .new: .normal
        case .active: .active
        case .retry: .retryScheduled
        case .complete: .ok
        case .blocked: .dim
        case .expired, .terminated, .queueError, .unreachable: .danger
        }
    }

    /// A glyph per attempt outcome.
    public static func glyph(_ outcome: Attempt.Outcome) -> Character {
        switch outcome {
        case .running: "▶"
        case .complete: "✓"
        case .failed: "✗"
        case .timeout: "⧖"
        case .terminated: "⊘"
        case .interrupted: "↯"
        }
    }

    /// The meaning of an attempt outcome.
    public static func style(_ outcome: Attempt.Outcome) -> Style {
        switch outcome {
        case .running: .active
        case .complete: .ok
        case .failed, .timeout, .interrupted: .warning
        case .terminated: .danger
        }
    }

    /// A limit where 0 or -1 mean none.
    public static func limit(_ value: Int) -> String { value <= 0 ? "∞" : String(value) }
}
