import AsyncJobs
import JetStream

/// Deletes by other programs: a watch delivers writes, not deletes (`ajc task rm`, a Go worker's discard,
/// another store's delete), so the mirror is compared with the tasks stream now and then.
extension JetStreamStore {
    /// When the tasks stream holds fewer messages than the mirror has tasks, reads which subjects are left
    /// (headers only, the last per subject) and forgets the tasks deleted meanwhile. One stream info
    /// request when nothing was deleted; at most every 5 s.
    func reconcileDeletes() async throws {
        let now = ContinuousClock.now
        let due = reconciled.withLock { last -> Bool in
            if let last, now - last < Self.reconcileInterval { return false }
            last = now
            return true
        }
        guard due else { return }
        let state = try await js.streamInfo(StoreLayout.tasksStream).state
        guard state.messages < UInt64(read { $0.tasks.count }) else { return }
        let cutoff = state.lastSequence
        var present = Set<String>()
        let watcher = try StreamWatcher.start(context: js, stream: StoreLayout.tasksStream,
                                              filter: StoreLayout.taskSubjectPrefix + "*", start: .lastPerSubject,
                                              headersOnly: true)
        scan: for try await event in watcher {
            switch event {
            case .caughtUp: break scan
            case .message(let message):
                if message.sequence <= cutoff { present.insert(String(message.subject.dropFirst(StoreLayout.taskSubjectPrefix.count))) }
            }
        }
        await watcher.stop()
        // Only what was written before the scan began can be judged by it.
        changed { mirror in
            for (id, entry) in mirror.entries {
                guard let task = entry.task(id: id), task.sequence <= cutoff, !present.contains(id) else { continue }
                mirror.forgetTask(id, upTo: task.sequence)
            }
        }
    }

    /// How often the mirror is compared with the tasks stream.
    static let reconcileInterval: Duration = .seconds(5)
}
