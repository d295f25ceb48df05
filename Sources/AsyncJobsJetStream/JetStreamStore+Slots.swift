import AsyncJobs

/// Who holds a queue's MaxConcurrent slots, read from its `WORKERS` consumer: what `ajtop` shows beside
/// the running handlers when Go workers park delayed retries there.
extension JetStreamStore: SlotReporting {
    /// The queue's slots from its `WORKERS` consumer (one request); `queueNotFound` when it has none.
    public func slots(queue name: String) async throws -> QueueSlots {
        try requireRunRecords("reading the slots of queue \(name)")
        _ = try read { mirror throws(JobError) in try mirror.queue(name) }
        let info: ConsumerInfoFigures
        do {
            guard let consumer = try await js.consumerInfoIfExists(stream: StoreLayout.queueStream(name), name: StoreLayout.workersConsumer)
            else { throw JobError.queueNotFound(name) }
            info = ConsumerInfoFigures(limit: consumer.config.maxAckPending ?? 0, held: consumer.ackPendingCount,
                                       waiting: Int(consumer.pendingCount))
        } catch {
            throw Self.storageError(error, "reading the WORKERS consumer of queue \(name)")
        }
        return read { mirror in
            let index = mirror.index[name] ?? Mirror.QueueIndex()
            let leased = index.leased.count
            return QueueSlots(limit: info.limit, held: info.held, leased: leased,
                              runningElsewhere: max(0, index.counts[.active, default: 0] - leased), waiting: info.waiting)
        }
    }

    private struct ConsumerInfoFigures {
        var limit: Int
        var held: Int
        var waiting: Int
    }
}
