import AsyncJobs
import Foundation
import JetStream
import NATS

/// The store's writes of single records, each a compare-and-set on the subject's last sequence, and each
/// applied to the mirror with the sequence the server gave it.
extension JetStreamStore {
    /// A compare-and-set write lost: another process wrote the record since this one read it.
    struct Conflict: Error, CustomStringConvertible {
        var description: String { "another process changed the record at the same time; try again" }
    }

    /// Rewrites the task record with `change` applied to its latest version: when the compare-and-set is
    /// lost, the record is read again and `change` applied to that (a few times). `change` returns nil when
    /// it no longer applies; the written task, or nil when nothing was written.
    @discardableResult
    func updateTask(_ id: String, _ change: (JobTask) -> JobTask?) async throws -> JobTask? {
        for _ in 0..<5 {
            guard var record = try await wholeTask(id), let changed = change(record.task) else { return nil }
            record.task = changed
            do {
                try await putTask(record)
                return changed
            } catch is Conflict {
                try await refresh(id)
            }
        }
        throw JobError.storage("task \(id) kept changing under this write (5 compare-and-set writes lost)")
    }

    /// The task's whole record and the sequence a write of it expects, nil when the mirror has no such
    /// task: the mirror's when it holds payloads (no request), else read from the server (one request) and
    /// applied to the mirror.
    func wholeTask(_ id: String) async throws -> WholeTask? {
        guard let stored = read({ $0.tasks[id] }) else { return nil }
        if let whole = stored.whole { return whole }
        guard let message = try await js.lastMessage(stream: StoreLayout.tasksStream, subject: StoreLayout.taskSubject(id)) else {
            changed { $0.forgetTask(id, upTo: stored.sequence) }
            return nil
        }
        let record = try WholeTask(stored: message.payload, sequence: message.sequence)
        changed { $0.apply(task: record.task, sequence: message.sequence) }
        return record
    }

    /// Writes the task record (asyncjobs' JSON, byte for byte) over the one it was read from (or as a new
    /// one). With `announcing` false the mirror takes it without moving the change token: the caller moves
    /// it once its other writes are done (an enqueue, whose tasks cannot be claimed before their items are in
    /// the queue).
    @discardableResult
    func putTask(_ record: WholeTask, announcing: Bool = true) async throws -> UInt64 {
        let task = record.task
        let ack = try await casPublish(StoreLayout.taskSubject(task.id), payload: Array(task.wireJSON), expecting: record.sequence)
        applyWrite(announcing: announcing) { $0.apply(task: task, sequence: ack) }
        return ack
    }

    /// Writes the task's run record, expecting the sequence the mirror knows (`announcing` as for
    /// ``putTask(_:announcing:)``).
    @discardableResult
    func putRun(_ run: RunRecord, of id: String, announcing: Bool = true) async throws -> UInt64 {
        let expected = read { $0.runSequence(id) }
        let ack = try await casPublish(StoreLayout.runSubject(id), payload: run.encoded, expecting: expected)
        applyWrite(announcing: announcing) { $0.apply(run: run, of: id, sequence: ack) }
        return ack
    }

    /// Applies one of this process's writes to the mirror, moving the change token unless `announcing` is false.
    private func applyWrite(announcing: Bool, _ body: (inout Mirror) -> Void) {
        if announcing {
            changed(body)
        } else {
            mirror.withLock { mirror in
                let version = mirror.version
                body(&mirror)
                mirror.version = version
            }
        }
    }

    /// Writes the store's record of a queue, expecting the sequence the mirror knows.
    func putQueue(_ queue: Queue) async throws {
        let expected = read { $0.queues[queue.name]?.sequence ?? 0 }
        let payload = try Array(JSONEncoder().encode(queue))
        let ack = try await casPublish(StoreLayout.queueSubject(queue.name), payload: payload, expecting: expected)
        changed { $0.apply(queue: queue, sequence: ack) }
    }

    /// Reads queue `name`'s record from the server into the mirror (after a lost compare-and-set); false
    /// when there is none.
    func refreshQueueRecord(_ name: String) async throws -> Bool {
        guard let message = try await js.lastMessage(stream: StoreLayout.queuesStream, subject: StoreLayout.queueSubject(name)),
              let queue = try? Self.recordDecoder.decode(Queue.self, from: Data(message.payload)) else { return false }
        changed { $0.apply(queue: queue, sequence: message.sequence) }
        return true
    }

    private func casPublish(_ subject: String, payload: [UInt8], expecting sequence: UInt64) async throws -> UInt64 {
        do {
            return try await js.publish(subject, payload: payload,
                                        options: PublishOptions(expectedLastSubjectSequence: sequence)).sequence
        } catch let error as JetStreamError where error.isWrongLastSequence {
            throw Conflict()
        }
    }

    /// Reads the task and its run record from the server into the mirror (after a lost compare-and-set).
    func refresh(_ id: String) async throws {
        let task = try await js.lastMessage(stream: StoreLayout.tasksStream, subject: StoreLayout.taskSubject(id))
        let run = try await js.lastMessage(stream: StoreLayout.runsStream, subject: StoreLayout.runSubject(id))
        changed { mirror in
            if let task, let decoded = try? JobTask(wireJSON: task.payload) {
                mirror.apply(task: decoded, sequence: task.sequence)
            } else if task == nil, mirror.tasks[id] != nil {
                mirror.forgetTask(id, upTo: 0)
            }
            if let run, let decoded = try? RunRecord(stored: run.payload) {
                mirror.apply(run: decoded, of: id, sequence: run.sequence)
            }
        }
    }

    /// Deletes the task record, its run record and its work item (wherever it is); tasks blocked on it
    /// become unreachable unless it had completed (or `settling` is false: a rolled-back batch).
    func eraseTask(_ id: String, settling: Bool = true) async throws {
        let (task, run) = read { ($0.tasks[id], $0.runs[id]) }
        if let queue = run?.value.item?.queue ?? task?.listed.queue { try await deleteItem(queue: queue, task: id) }
        try await eraseRecords(id)
        if settling, let task, task.listed.state != .complete {
            try await settleDependents(of: id, parent: nil, at: clock.now())
        }
    }

    /// Deletes the task's record and run record (not its item).
    func eraseRecords(_ id: String) async throws {
        let (task, run) = read { ($0.tasks[id], $0.runs[id]) }
        if let task {
            do {
                try await js.deleteMessage(stream: StoreLayout.tasksStream, sequence: task.sequence)
            } catch let error as JetStreamError where Self.isGone(error) {
                // Deleted by another program already.
            }
        }
        if run != nil { try await js.purgeStream(StoreLayout.runsStream, subject: StoreLayout.runSubject(id)) }
        changed { $0.forgetTask(id, upTo: max(task?.sequence ?? 0, run?.sequence ?? 0)) }
    }

    /// Whether a delete failed only because the message is gone already (2.9 and 2.15 say it differently).
    static func isGone(_ error: JetStreamError) -> Bool {
        error.errCode == JetStreamErrorCode.streamMessageDeleteFailed || error.errCode == JetStreamErrorCode.sequenceNotFound
            || error.errCode == JetStreamErrorCode.noMessageFound
    }

    // MARK: Work items

    /// Publishes the task's work item `{"kind":0,"job":"<id>"}` into its queue's stream. `dedupe` is the
    /// `Nats-Msg-Id` (asyncjobs uses the task id on first enqueue); a publish the window already saw is sent
    /// again without it, because the earlier item is gone (a rolled-back enqueue, an erased task).
    func publishItem(queue: String, task id: String, dedupe: String?) async throws {
        let subject = StoreLayout.itemSubject(queue: queue, task: id)
        let payload = Self.itemBody(id)
        do {
            let ack = try await js.publish(subject, payload: payload, options: PublishOptions(messageID: dedupe))
            if ack.duplicate, dedupe == id { try await js.publish(subject, payload: payload) }
        } catch let error as JetStreamError {
            throw Self.itemError(error, queue: queue)
        }
    }

    /// Publishes the work items of `tasks` (queue and id) in the given order, all in flight at once, each with
    /// `Nats-Msg-Id` = the task id; waits for every acknowledgement.
    func publishItems(_ tasks: [(queue: String, id: String)]) async throws {
        var pending: [(queue: String, id: String, ack: PendingPubAck)] = []
        for task in tasks {
            let ack = try await itemPublisher.publish(StoreLayout.itemSubject(queue: task.queue, task: task.id),
                                                      payload: Self.itemBody(task.id), options: PublishOptions(messageID: task.id))
            pending.append((task.queue, task.id, ack))
        }
        for item in pending {
            do {
                // Seen within the duplicate window (a rolled-back enqueue, an erased task): publish it again.
                if try await item.ack.value().duplicate { try await publishItem(queue: item.queue, task: item.id, dedupe: nil) }
            } catch let error as JetStreamError {
                throw Self.itemError(error, queue: item.queue)
            }
        }
    }

    static func itemBody(_ id: String) -> [UInt8] { Array("{\"kind\":0,\"job\":\(TaskStateEventCodec.quoted(id))}".utf8) }

    /// A refused item publish as the caller's error: no stream for the queue, or a full one.
    static func itemError(_ error: JetStreamError, queue: String) -> any Error {
        if case .noResponders = error { return JobError.queueNotFound(queue) }
        if error.errCode == JetStreamErrorCode.streamStoreFailed, "\(error)".contains("maximum messages") {
            return JobError.queueFull(queue)
        }
        return error
    }

    /// Deletes the task's work item from the queue's stream, if it has one (also while a worker holds it).
    func deleteItem(queue: String, task id: String) async throws {
        let stream = StoreLayout.queueStream(queue)
        do {
            guard let item = try await js.lastMessage(stream: stream, subject: StoreLayout.itemSubject(queue: queue, task: id))
            else { return }
            try await js.deleteMessage(stream: stream, sequence: item.sequence)
        } catch let error as JetStreamError where error.errCode == JetStreamErrorCode.streamNotFound || Self.isGone(error) {
            // Gone already (acknowledged off the work queue meanwhile, or the queue was removed).
            return
        }
    }

    /// Sends an acknowledgement to a held item's ack subject (any connection may). An ACK or a NAK waits for
    /// the server's answer, for up to a second. When none comes, or the connection is lost, it is sent again
    /// while the connection is lost or the consumer's leader moves (``persisting(_:)``), but in a task of its
    /// own, and the caller goes on: an ACK lost then would hold a MaxAckPending slot until AckWait
    /// (MaxRunTime) ran out, and a NAK should make the item deliverable soon, yet a server killed and
    /// restarted never answers the acknowledgement of a delivery it came back without (it delivers the item
    /// again, and the claim that gets it settles it by the task's record); a caller held for the whole
    /// patience held its worker's slot, or every write of its process, for 8 s. An ACK unanswered in the end
    /// is left to AckWait (its redelivery is settled as final); a NAK the server refuses throws.
    /// `+WPI` is fire and forget (the next renewal repeats it). Items that must not run again are ACKed
    /// rather than TERMed (asyncjobs' choice): on a work-queue stream only an ACK removes the message on every
    /// server; 2.9 keeps a TERMed one, where it still counts against MaxEntries.
    func acknowledge(_ subject: String, _ kind: AckKind) async throws {
        switch kind {
        case .ack, .nak:
            let send = { [client] in _ = try await client.request(subject, payload: kind.body, timeout: .seconds(1)) }
            do {
                try await send()
            } catch where Self.isConnectionLoss(error) {
                Task { [self] in try? await persisting(send) }
            } catch where kind == .ack {
                // Left to AckWait, as above.
            }
        case .inProgress, .term:
            try client.publish(subject, payload: kind.body)
        }
    }

    // MARK: Events

    /// Publishes asyncjobs' `task_state` event for the task's current state on `CHORIA_AJ.E.task_state.<id>`
    /// (where Go's `ajc task watch` sees it), stored and numbered by `AJTOP_EVENTS`. Returns once it is sent:
    /// the mirror gets it with its sequence when the stream acknowledges it (``EventPipeline``).
    func publishEvent(_ task: JobTask, at now: Timestamp) async throws {
        let event = TaskEvent(sequence: 0, at: now, taskID: task.id, queue: task.queue, type: task.type, state: task.state,
                              tries: task.tries, error: task.lastError.flatMap { $0.isEmpty ? nil : $0 })
        try await eventPipeline.publish(StoreLayout.taskStateEventSubject(task.id), body: TaskStateEventCodec.body(for: task, at: now),
                                 headers: [StoreLayout.eventTimeHeader: now.rfc3339], event: event)
        stats.record { $0.taskChanged(queue: task.queue, type: task.type, to: task.state, at: now) }
    }
}
