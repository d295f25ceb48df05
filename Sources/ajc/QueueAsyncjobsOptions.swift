import ArgumentParser
import AsyncJobs
import AsyncJobsJetStream

/// asyncjobs' spellings of queue settings, taken by `queue add` and `queue configure` beside ours:
/// `--age` for `--max-age`, and its JetStream storage flags `--memory` and `--replicas`, which set how the
/// queue's stream is created on the JetStream store and are refused on SQLite rather than ignored.
struct QueueAsyncjobsOptions: ParsableArguments {
    @Option(name: .customLong("age"), parsing: .unconditional, help: ArgumentHelp(
        "asyncjobs' name for --max-age.", valueName: "duration"))
    var age: DurationArgument?

    @Flag(help: "asyncjobs' memory storage (JetStream store only: refused on SQLite).")
    var memory = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "asyncjobs' storage replicas (JetStream store only: refused on SQLite).", valueName: "n"))
    var replicas: Int?

    /// Whether any of these flags was given.
    var isEmpty: Bool { age == nil && !memory && replicas == nil }

    /// `changes` read with asyncjobs' meanings: `--age` is the max age (bad usage when `--max-age` gave
    /// another one), and `--tries 0` is unlimited, as a JetStream MaxDeliver of 0 is (and as a task's own
    /// `--tries 0` is here).
    func merged(into changes: QueueChanges) throws -> QueueChanges {
        var merged = changes
        if merged.maxTries == 0 { merged.maxTries = -1 }
        guard let age else { return merged }
        if let maxAge = changes.maxAge, maxAge != age.duration {
            throw ValidationError("--age and --max-age are the same setting; give it once")
        }
        merged.maxAge = age.duration
        return merged
    }

    /// The JetStream store options `--memory` and `--replicas` ask for when creating the queue's stream; on
    /// SQLite (`jetStream` false) they throw, before anything is opened or changed.
    func creationOptions(jetStream: Bool) throws(UnsupportedFeature) -> JetStreamStoreOptions {
        if !jetStream {
            try UnsupportedFeature.refuse([
                (memory, .jetStreamOnly("--memory", note: "one file on disk")),
                (replicas != nil, .jetStreamOnly("--replicas", note: "one file, no replicas")),
            ])
        }
        return JetStreamStoreOptions(replicas: replicas ?? 1, storage: memory ? .memory : .file)
    }

    /// `queue configure` cannot move an existing stream to other storage or replicas: refused on every store.
    func refuseStorageChanges(jetStream: Bool) throws(UnsupportedFeature) {
        guard jetStream else { return try refuseOnSQLite() }
        try UnsupportedFeature.refuse([
            (memory, .notYet("changing a queue's storage to memory is", hint: "create the queue with --memory")),
            (replicas != nil, .notYet("changing a queue's replicas is", hint: "create the queue with --replicas")),
        ])
    }

    private func refuseOnSQLite() throws(UnsupportedFeature) {
        _ = try creationOptions(jetStream: false)
    }
}
