import ArgumentParser
import AsyncJobs

/// A Go-style duration on the command line (`500ms`, `90s`, `1h30m`); anything else is bad usage.
struct DurationArgument: ExpressibleByArgument, Sendable {
    /// The parsed duration.
    var duration: Duration
    /// The text as given, for error messages.
    var text: String

    init?(argument: String) {
        guard let duration = GoDuration.parse(argument) else { return nil }
        self.duration = duration
        text = argument
    }

    var defaultValueDescription: String { GoDuration.format(duration) }
}
