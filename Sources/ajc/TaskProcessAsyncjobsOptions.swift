import ArgumentParser

import AsyncJobs

/// asyncjobs' `task process` flags: `--discard-complete` and `--discard-expired`, and those this version
/// accepts by name but cannot honour yet, each refused before the worker starts rather than silently
/// running a worker that ignores it.
struct TaskProcessAsyncjobsOptions: ParsableArguments {
    @Flag(help: "asyncjobs' request-reply handlers over NATS (JetStream store only).")
    var remote = false

    @Flag(help: "Delete each task this worker completes, with its history, once it is complete.")
    var discardComplete = false

    @Flag(help: "Delete each task this worker's attempt leaves expired (out of tries), with its history.")
    var discardExpired = false

    /// The final states whose tasks are deleted.
    var discardStates: Set<TaskState> {
        Set([discardComplete ? TaskState.complete : nil, discardExpired ? .expired : nil].compactMap { $0 })
    }

    /// Throws for the first flag given.
    func refuse() throws(UnsupportedFeature) {
        try UnsupportedFeature.refuse([
            (remote, .jetStreamOnly("--remote", note: "request-reply handlers are called over NATS")),
        ])
    }
}
