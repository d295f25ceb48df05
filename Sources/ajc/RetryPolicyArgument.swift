import ArgumentParser
import AsyncJobs

/// A retry policy preset on the command line: `10m` (or `default`), `1h`, `1m`.
struct RetryPolicyArgument: ExpressibleByArgument, Sendable {
    /// The preset.
    var policy: IntervalRetryPolicy
    /// The name it was given by.
    var name: String

    init?(argument: String) {
        guard let policy = IntervalRetryPolicy.named(argument) else { return nil }
        self.policy = policy
        name = argument
    }

    var defaultValueDescription: String { name }

    static var allValueStrings: [String] { ["10m", "1h", "1m"] }
}
