import ArgumentParser
import AsyncJobs

/// asyncjobs' `task process` flags that delete finished tasks (its `DiscardTaskStates`, issue #27).
struct DiscardOptions: ParsableArguments {
    @Flag(help: "Delete each task this worker completes, with its history, the moment it completes.")
    var discardComplete = false

    @Flag(help: "Delete each task this worker's attempt leaves expired (out of tries), with its history.")
    var discardExpired = false

    /// The states the pool discards.
    func states() throws -> DiscardStates {
        try DiscardStates(Set([discardComplete ? TaskState.complete : nil, discardExpired ? .expired : nil].compactMap { $0 }))
    }
}
