import AsyncJobs
import AsyncJobsTesting
import Testing

@testable import AsyncJobsJetStream

/// The mirror keeps no table of where each task is indexed: a write derives the placement it replaces from
/// the records before it. These checks hold the live index to the one a fresh scan of the same records
/// builds, and the mirror to one copy of each task id.
@Suite("Mirror placement")
struct MirrorPlacementTests {
    /// After any run of task writes, run-record writes, deletes and late deliveries, the live mirror's
    /// per-queue index, order and dependents equal those of a mirror loaded from its final records.
    @Test
    func liveIndexEqualsAFreshScanAfterRandomWrites() {
        var random = SeededRandom(seed: 0x9_1ACE)
        var mirror = Mirror()
        mirror.finishLoading()
        let ids = (0..<30).map { "task-\($0)" }
        let queues = ["emails", "images", "reports"]
        let base = Timestamp(nanoseconds: 1_764_571_708_000_000_000)
        var sequence: UInt64 = 0
        for step in 1...4000 {
            sequence += 1
            let id = ids.randomElement(using: &random)!
            // An older sequence now and then: a late watch delivery, which must change nothing.
            let at = Int.random(in: 0..<8, using: &random) == 0 ? sequence / 2 : sequence
            switch Int.random(in: 0..<9, using: &random) {
            case 0..<4:
                let task = JobTask(
                    id: id, type: "work", queue: queues.randomElement(using: &random)!,
                    state: TaskState.allCases.randomElement(using: &random)!,
                    // Creation times collide often, so that `order` breaks ties by id.
                    created: base + .seconds(Int64(id.dropFirst(5))! % 7),
                    dependencies: Array(ids.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))))
                mirror.apply(task: task, sequence: at)
            case 4..<8:
                mirror.apply(run: randomRun(queues: queues, base: base, using: &random), of: id, sequence: at)
            default:
                mirror.forgetTask(id, upTo: at)
            }
            if step % 50 == 0 { expectIndexMatchesAFreshScan(mirror) }
            // A summary moves each queue's `readyFrom` up to its oldest ready task; writes after it must
            // keep it at or below every ready task.
            if step % 20 == 0 {
                for name in queues { _ = mirror.summary(of: Queue(name: name), now: base) }
            }
            expectReadyFromBoundsEveryReadyTask(mirror)
        }
        expectIndexMatchesAFreshScan(mirror)
    }

    /// A task's id is held once whichever of its two records arrives first: the entry's key, `order`, the
    /// queue index and the task's events share one string's storage.
    @Test(arguments: [true, false])
    func oneCopyOfEachTaskID(taskFirst: Bool) {
        var mirror = Mirror()
        mirror.finishLoading()
        // Each spelling made afresh, as the watch makes them (from a subject, from the record's JSON).
        func id() -> String { "2Z1Z8OPZXBsjdiJ9uEvXGyhlAkb-\(7)" }
        let task = JobTask(id: id(), type: "work", queue: "emails")
        let run = RunRecord(item: .init(queue: "emails", available: task.created, enqueued: task.created, published: true,
                                        lease: nil, terminateRequested: false), attempts: [])
        if taskFirst {
            mirror.apply(task: task, sequence: 1)
            mirror.apply(run: run, of: id(), sequence: 1)
        } else {
            mirror.apply(run: run, of: id(), sequence: 1)
            mirror.apply(task: task, sequence: 1)
        }
        mirror.apply(event: TaskEvent(sequence: 1, at: task.created, taskID: id(), queue: "emails", type: "work", state: .new,
                                      tries: 0, error: nil))
        let copies: [String] = [mirror.entries.keys.first!, mirror.order.first!.id, mirror.index["emails"]!.waiting.first!,
                                mirror.events.first!.taskID]
        let storages = Set(copies.map { copy in copy.utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) } })
        #expect(storages.count == 1, "\(storages.count) copies of the id")
        #expect(id().utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) } != storages.first)
    }

    private func randomRun(queues: [String], base: Timestamp, using random: inout SeededRandom) -> RunRecord {
        guard Int.random(in: 0..<4, using: &random) != 0 else { return .empty }
        let lease = Bool.random(using: &random)
            ? RunRecord.LeaseRecord(worker: "w", attempt: 1, started: base, expires: base + .seconds(30), ackSubject: "$JS.ACK.x")
            : nil
        return RunRecord(item: .init(queue: queues.randomElement(using: &random)!, available: base, enqueued: base,
                                     published: Bool.random(using: &random), lease: lease, terminateRequested: false),
                         attempts: [])
    }

    private func expectIndexMatchesAFreshScan(_ live: Mirror, sourceLocation: SourceLocation = #_sourceLocation) {
        var scanned = Mirror()
        for stored in live.tasks.values { scanned.apply(task: stored.listed, sequence: stored.sequence) }
        for (id, entry) in live.entries {
            if let run = entry.run { scanned.apply(run: run.value, of: id, sequence: run.sequence) }
        }
        scanned.finishLoading()
        #expect(Normalized(live) == Normalized(scanned), sourceLocation: sourceLocation)
    }

    private func expectReadyFromBoundsEveryReadyTask(_ mirror: Mirror, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, index) in mirror.index {
            for id in index.waiting.subtracting(index.unpublished) {
                let key = Mirror.OrderKey(created: mirror.tasks[id]!.compact.created, id: id)
                #expect(index.readyFrom.map { $0 <= key } == true, "\(name): \(id) is ready before readyFrom",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// What a mirror's index says, without the empty entries a task leaving one leaves behind.
    private struct Normalized: Equatable {
        var counts: [String: [TaskState: Int]]
        var waiting: [String: Set<String>]
        var leased: [String: Set<String>]
        var unpublished: [String: Set<String>]
        var order: [Mirror.OrderKey]
        var dependents: [String: Set<String>]

        init(_ mirror: Mirror) {
            counts = mirror.index.mapValues { $0.counts.filter { $0.value != 0 } }.filter { !$0.value.isEmpty }
            waiting = mirror.index.mapValues(\.waiting).filter { !$0.value.isEmpty }
            leased = mirror.index.mapValues(\.leased).filter { !$0.value.isEmpty }
            unpublished = mirror.index.mapValues(\.unpublished).filter { !$0.value.isEmpty }
            order = mirror.order
            dependents = mirror.dependents.filter { !$0.value.isEmpty }
        }
    }
}
