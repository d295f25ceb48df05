@testable import AJTop
import AsyncJobs
import Foundation
import Logging
import Testing

/// The demo's queues and its handler's outcomes by payload kind (the timing-dependent kinds are covered by
/// the end-to-end test of `ajtop --demo`).
@Suite struct DemoWorkloadTests {
    static let context = HandlerContext(deadline: .now + .seconds(5), attempt: 1, worker: "test", logger: Logger(label: "test"))

    @Test func prepareCreatesQueuesWithDifferentLimitsOnce() async throws {
        let store = MemoryStore()
        let workload = DemoWorkload(store: store)
        try await workload.prepare()
        try await workload.prepare()
        let queues = try await store.queues()
        #expect(queues.map(\.name) == DemoWorkload.queueNames.sorted())
        #expect(Set(queues.map(\.maxConcurrent)).count == queues.count)
        #expect(queues.allSatisfy { $0.maxRunTime <= .seconds(10) })
    }

    @Test(arguments: [#"{"kind":"bad"}"#, #"{"kind":"nonsense"}"#, "not json"])
    func badPayloadsTerminate(payload: String) async {
        let task = JobTask(type: "email:welcome", queue: "emails", payload: Data(payload.utf8))
        await #expect(throws: TerminateTaskError.self) { try await DemoWorkload.handle(task, Self.context) }
    }

    @Test func hangsUntilCancelledLikeAnOverrunAttempt() async {
        let task = JobTask(type: "report:daily", queue: "reports", payload: Data(#"{"kind":"hang"}"#.utf8))
        let attempt = Task { try await DemoWorkload.handle(task, Self.context) }
        attempt.cancel()
        await #expect(throws: CancellationError.self) { try await attempt.value }
    }

    @Test func everyKindIsPicked() {
        var seen = Set<DemoWorkload.Kind>()
        for _ in 0..<2000 { seen.insert(DemoWorkload.pickKind()) }
        #expect(seen == Set(DemoWorkload.Kind.allCases))
    }
}
