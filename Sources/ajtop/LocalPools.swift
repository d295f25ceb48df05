import AJTop
import AsyncJobs
import Foundation
import Logging

/// The worker pools `ajtop --demo` and `ajtop --handler` run in the foreground, with whatever must run
/// beside them (the demo's producer).
struct LocalPools {
    /// The pools log nothing: the dashboard owns the terminal, and a log line would scribble over it. What
    /// they do shows on the Workers screen and in the store.
    static let quiet = Logger(label: "ajtop") { _ in SwiftLogNoOpLogHandler() }

    /// The pools, one per queue served.
    var pools: [WorkerPool] = []
    /// Work beside the pools, cancelled when the dashboard ends.
    var companions: [Task<Void, Never>] = []

    /// Builds what `command` asks for against `store`: nothing, the demo, or a command-handler pool.
    static func make(for command: AJTopCommand, store: any JobStore) async throws -> LocalPools {
        if command.demo {
            let workload = DemoWorkload(store: store)
            try await workload.prepare()
            let router = try DemoWorkload.router()
            let pools = DemoWorkload.queueNames.enumerated().map { index, queue in
                WorkerPool(store: store, queue: queue, router: router, concurrency: DemoWorkload.concurrency(for: queue),
                           retryPolicy: DemoWorkload.retryPolicy, scheduler: index == 0 ? scheduler(command, store) : nil,
                           logger: quiet)
            }
            return LocalPools(pools: pools, companions: [Task { try? await workload.produce() }])
        }
        guard !command.handlers.isEmpty else { return LocalPools() }
        try await store.queueToServe(named: command.handlerQueue)
        var router = Router()
        for (type, line) in command.handlers {
            try router.register(type, handler: ShellCommandHandler(command: line, contract: .detect(line)).handler)
        }
        let pool = WorkerPool(store: store, queue: command.handlerQueue, router: router, concurrency: command.workers ?? 10,
                              scheduler: scheduler(command, store), logger: quiet)
        return LocalPools(pools: [pool])
    }

    /// The scheduler `--scheduler` asks for, run by the first pool (so `w` stops and starts it too).
    private static func scheduler(_ command: AJTopCommand, _ store: any JobStore) -> Scheduler? {
        guard command.scheduler, let schedules = store as? any ScheduleStore else { return nil }
        return Scheduler(store: schedules, logger: quiet)
    }
}
