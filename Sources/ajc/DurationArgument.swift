import ArgumentParser
import AsyncJobs

/// A Go-style duration on the command line (`500ms`, `90s`, `1h30m`); anything else is bad usage.
struct DurationArgument: ExpressibleByArgument, Sendable {
    /// The parsed duration.
    var duration: Duration

    init?(argument: String) {
        guard let duration = GoDuration.parse(argument) else { return nil }
        self.duration = duration
    }

    var defaultValueDescription: String { GoDuration.format(duration) }
}
