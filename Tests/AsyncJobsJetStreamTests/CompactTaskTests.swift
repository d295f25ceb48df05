import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

@testable import AsyncJobsJetStream

/// The mirror's compact form of a task loses nothing: every field comes back, and a field added to
/// `JobTask` fails here until the compact form carries it.
@Suite("Compact task")
struct CompactTaskTests {
    /// The fields ``CompactTask`` carries, inline or in its box of rare fields.
    static let carried: Set<String> = [
        "id", "type", "queue", "dependencies", "dependencyResults", "loadDependencies", "payload", "deadline",
        "maxTries", "result", "state", "created", "tried", "tries", "lastError", "signature",
    ]

    @Test
    func carriesEveryFieldOfJobTask() {
        let fields = Swift.Mirror(reflecting: JobTask(type: "t")).children.compactMap(\.label)
        #expect(Set(fields) == Self.carried, "JobTask's fields changed: carry the new ones in CompactTask")
        #expect(fields.count == Self.carried.count)
    }

    /// Random tasks, with and without each rare field, come back equal; repeated dependencies too (the
    /// initializer would drop them).
    @Test
    func randomTasksComeBackEqual() {
        var random = SeededRandom(seed: 0xC0_4AC7)
        let base = Timestamp(nanoseconds: 1_764_571_708_336_825_441)
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { Bool.random(using: &random) ? value() : nil }
        func time() -> Timestamp { base + .nanoseconds(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)) }
        for _ in 0..<500 {
            let result = TaskResult(payload: .object(["n": .integer(Int64.random(in: 0...9, using: &random))]), completed: time())
            var task = JobTask(
                id: "t\(Int.random(in: 0...1_000_000, using: &random))", type: "kind", queue: maybe("emails") ?? "DEFAULT",
                payload: maybe(Data((0..<Int.random(in: 0...80, using: &random)).map { UInt8($0) })), deadline: maybe(time()),
                maxTries: maybe(Int.random(in: 0...10, using: &random)) ?? [Int.max, -1, Int(Int32.max) + 1].randomElement(using: &random)!,
                result: maybe(result),
                state: TaskState.allCases.randomElement(using: &random)!, created: time(), tried: maybe(time()),
                tries: maybe(Int.random(in: 0...10, using: &random)) ?? [Int(Int32.min) - 1, 0, 3].randomElement(using: &random)!,
                lastError: maybe("boom \(Int.random(in: 0...9, using: &random))"),
                loadDependencies: Bool.random(using: &random), dependencyResults: maybe(["d1": result]) ?? [:],
                signature: maybe("ab12"))
            if Bool.random(using: &random) { task.dependencies = maybe(["d1", "d1", "d2"]) ?? ["d3"] }
            #expect(CompactTask(task).whole(id: task.id) == task)
            #expect(CompactTask(task).listed(id: task.id) == task)
            // Without its payload: never whole, listed as the task less its payload.
            var listed = task
            listed.payload = nil
            #expect(CompactTask(task, holdingPayload: false).whole(id: task.id) == nil)
            #expect(CompactTask(task, holdingPayload: false).listed(id: task.id) == listed)
        }
    }

    /// A waiting task with none of the rare fields is held in half the bytes of a whole task.
    @Test
    func isHalfAWholeTask() {
        #expect(MemoryLayout<CompactTask>.size * 2 <= MemoryLayout<JobTask>.size + 8,
                "\(MemoryLayout<CompactTask>.size) bytes inline against \(MemoryLayout<JobTask>.size)")
    }
}
