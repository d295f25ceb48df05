import ArgumentParser

import AsyncJobs

/// asyncjobs' `task process` flags that this version accepts by name but cannot honour on this store, each
/// refused before the worker starts rather than silently running a worker that ignores it.
struct TaskProcessAsyncjobsOptions: ParsableArguments {
    @Flag(help: "asyncjobs' request-reply handlers over NATS (JetStream store only).")
    var remote = false

    /// Throws for the first flag given.
    func refuse() throws(UnsupportedFeature) {
        try UnsupportedFeature.refuse([
            (remote, .jetStreamOnly("--remote", note: "request-reply handlers are called over NATS")),
        ])
    }
}
