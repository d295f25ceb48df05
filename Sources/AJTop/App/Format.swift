import AsyncJobs
import Foundation

/// How the dashboard writes numbers, times and states, in one place so every screen agrees.
public enum Format {
    /// A count in at most 6 columns: `999`, `99999`, `123k`, `1.2M`.
    public static func count(_ value: Int) -> String { CompactCount.text(value) }

    /// An age or countdown: `45s`, `3m12s`, `2h05m`.
    public static func age(_ duration: Duration) -> String { GoDuration.compact(duration) }

    /// A running time to a tenth of a second under a minute (`0.4s`, `12.5s`), since handler slots turn
    /// over in fractions of a second; longer like ``age(_:)``.
    public static func elapsed(_ duration: Duration) -> String {
        let tenths = max(0, duration.nanoseconds / 100_000_000)
        return tenths < 600 ? "\(tenths / 10).\(tenths % 10)s" : age(duration)
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
