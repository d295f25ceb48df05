import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

/// Issue 17's search figure: `/` and `ajc task ls --match` over every task of a 100,000-task queue on SQLite,
/// payloads included, within 1 s (the count of matches and the first page, as ajtop reads them). The test
/// prints the times it measured.
// Seeding and scanning a large store computes for seconds: on threads of their own, not the pool's.
@Suite(.ownThread) struct TaskSearchScaleTests {
    @Test func searchingAHundredThousandTasksTakesUnderASecond() async throws {
        let count = 100_000
        // One task in a thousand is addressed to the customer searched for.
        let scale = try await ScaleStore(count: count) { index in
            let customer = index % 1000 == 7 ? "ada@example.com" : "user\(index)@example.com"
            return Data(#"{"to":"\#(customer)","template":"welcome","n":\#(index)}"#.utf8)
        }
        let store = scale.store
        let search = TaskFilter(queue: "emails", text: "ada@example", limit: 50)
        let began = ContinuousClock.now
        let matching = try await store.countTasks(search)
        let page = try await store.tasks(search)
        let elapsed = ContinuousClock.now - began
        print("search of \(count) tasks on SQLite (count + first page): \(elapsed)")
        #expect(matching == count / 1000)
        #expect(page.count == 50 && page.allSatisfy { $0.payload.map { String(decoding: $0, as: UTF8.self) }?
            .contains("ada@example.com") == true })
        // A miss scans every row without stopping early: the worst case.
        let missBegan = ContinuousClock.now
        #expect(try await store.countTasks(TaskFilter(queue: "emails", text: "nobody@nowhere")) == 0)
        let missElapsed = ContinuousClock.now - missBegan
        print("search of \(count) tasks on SQLite, no match: \(missElapsed)")
        // The target is 1 s: 0.1 s measured alone (debug build, 2 shared cores; BENCHMARKS.md). A full-suite
        // run beside other builds on those cores once took 2.3 s, so the bound guards against a search that
        // stops being one scan, not against a busy machine.
        #expect(elapsed <= .seconds(5))
        #expect(missElapsed <= .seconds(5))
        withExtendedLifetime(scale) {}
    }
}
