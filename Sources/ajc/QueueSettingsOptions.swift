import ArgumentParser
import AsyncJobs

/// The queue limits `queue add` and `queue configure` both take.
///
/// Every value is parsed unconditionally, so that a negative one ("--concurrent -1") reaches the queue's
/// own range check, which names it, rather than being read by argument-parser as a missing value.
struct QueueSettingsOptions: ParsableArguments {
    @Option(name: .customLong("concurrent"), parsing: .unconditional, help: ArgumentHelp(
        "Most tasks handled at once across all workers (default 100).", valueName: "n"))
    var maxConcurrent: Int?

    @Option(name: .customLong("run-time"), parsing: .unconditional, help: ArgumentHelp(
        "How long one attempt may run before it is cancelled (default 1h).", valueName: "duration"))
    var maxRunTime: DurationArgument?

    @Option(name: .customLong("tries"), parsing: .unconditional, help: ArgumentHelp(
        "Attempts per task the queue allows; -1 is unlimited (the default).", valueName: "n"))
    var maxTries: Int?

    @Option(name: .customLong("max-age"), parsing: .unconditional, help: ArgumentHelp(
        "A waiting task older than this expires; 0 keeps tasks forever (the default).", valueName: "duration"))
    var maxAge: DurationArgument?

    @Option(name: .customLong("entries"), parsing: .unconditional, help: ArgumentHelp(
        "Most waiting tasks; 0 is unlimited (the default).", valueName: "n"))
    var maxEntries: Int?

    @Option(name: .customLong("retention"), help: ArgumentHelp(
        "How long tasks in a final state are kept before they are deleted; 0 keeps them forever (the default).",
        valueName: "duration"))
    var retention: DurationArgument?

    /// The settings given, as changes to a queue.
    func changes(discardOld: Bool?) -> QueueChanges {
        QueueChanges(maxConcurrent: maxConcurrent, maxRunTime: maxRunTime?.duration, maxTries: maxTries,
                     maxAge: maxAge?.duration, maxEntries: maxEntries, discardOld: discardOld,
                     retention: retention?.duration)
    }
}
