import ArgumentParser

/// asyncjobs' `task process` flags that this version accepts by name but cannot honour yet: each is
/// refused before the worker starts, rather than silently running a worker that ignores it.
struct TaskProcessAsyncjobsOptions: ParsableArguments {
    @Flag(help: "asyncjobs' request-reply handlers over NATS (JetStream store only).")
    var remote = false

    @Option(help: ArgumentHelp("asyncjobs' Prometheus metrics port (not supported yet).", valueName: "port"))
    var monitor: Int?

    @Flag(help: "asyncjobs' deletion of completed tasks (not supported yet).")
    var discardComplete = false

    @Flag(help: "asyncjobs' deletion of expired tasks (not supported yet).")
    var discardExpired = false

    /// Throws for the first flag given.
    func refuse() throws(UnsupportedFeature) {
        try UnsupportedFeature.refuse([
            (remote, .jetStreamOnly("--remote", note: "request-reply handlers are called over NATS")),
            (monitor != nil, .notYet("Prometheus metrics (--monitor) are")),
            (discardComplete || discardExpired, .notYet(
                "discarding finished tasks (--discard-complete, --discard-expired) is",
                hint: "delete them with 'ajc queue purge QUEUE --state complete --state expired'")),
        ])
    }
}
