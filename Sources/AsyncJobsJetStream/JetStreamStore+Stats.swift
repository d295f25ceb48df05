import AsyncJobs
import Foundation
import JetStream

/// The per-minute history (``InspectorStore/minuteStats(queue:from:to:)``): this process's workers' claims,
/// resolutions and rescues and the state changes it writes are counted in memory and appended to
/// `AJTOP_STATS` as deltas every ``StatsRecorder/flushInterval``; readers sum every delta. Tasks that Go
/// workers run are not counted (they write no delta).
extension JetStreamStore {
    /// When a claimed item last became ready, for its wait: when it became claimable (its enqueue, its
    /// retry's due time, an operator retry, its release by its last dependency), or when its last attempt
    /// ended if that is later: a rescued item keeps its old place in the queue (`available` unchanged), so
    /// its wait counts from the rescue, the first moment after its lease expired that it could run.
    static func readyTime(_ item: RunRecord.Item, after attempts: some Collection<Attempt>) -> Timestamp {
        max(item.available, attempts.compactMap(\.ended).max() ?? item.available)
    }

    /// Forgets the history of a removed queue: its pending rows and its stored deltas.
    func forgetStats(of queue: String) async throws {
        stats.record { $0.removeQueue(queue) }
        try await js.purgeStream(StoreLayout.statsStream, subject: StoreLayout.statsSubject(queue))
    }

    /// Writes the pending deltas, one message per queue; what fails to be written stays pending for the
    /// next flush.
    func flushStats() async {
        try? await stats.flushes.run {
            let rows = stats.pending.withLock { $0.drain() }
            guard !rows.isEmpty else { return }
            let byQueue = Dictionary(grouping: rows, by: \.queue)
            for queue in byQueue.keys.sorted() {
                let queueRows = byQueue[queue] ?? []
                do {
                    _ = try await js.publish(StoreLayout.statsSubject(queue), payload: try StatsDeltaCodec.body(queueRows))
                } catch {
                    stats.record { ledger in for row in queueRows { ledger.add(row) } }
                }
            }
        }
    }

    /// Flushes this process's pending deltas (so a read sees its own writes), then sums the deltas of
    /// `queue` (every queue when nil) stored since `from` less one flush interval (a delta stored earlier
    /// holds only older minutes; the margin covers a writer's clock running ahead of the server's).
    public func minuteStats(queue: String?, from: Timestamp, to: Timestamp) async throws -> [MinuteStats] {
        if let queue { _ = try read { mirror throws(JobError) in try mirror.queue(queue) } }
        await flushStats()
        // The stream's max age prunes in wall time; rows older than the retention on the store's clock are
        // dropped here too, so a store on a manual or skewed clock answers the same.
        let oldestKept = clock.now() - MinuteStats.retention
        var sums = MinuteStatsLedger()
        let filter = StoreLayout.statsSubject(queue ?? "*")
        let start = max(from - StatsRecorder.flushInterval, Timestamp(nanoseconds: 0)).rfc3339
        let watcher: StreamWatcher
        do {
            watcher = try StreamWatcher.start(context: js, stream: StoreLayout.statsStream, filter: filter,
                                              start: .time(start), idleHeartbeat: Self.watchHeartbeat)
        } catch {
            throw Self.storageError(error, "reading the per-minute history")
        }
        do {
            reading: for try await event in watcher {
                switch event {
                case .caughtUp: break reading
                case .message(let message):
                    let name = String(message.subject.dropFirst(StoreLayout.statsSubjectPrefix.count))
                    // A body this store cannot read (a newer format) is left out rather than failing the read.
                    guard let rows = try? StatsDeltaCodec.rows(queue: name, body: message.payload) else { continue }
                    for row in rows where row.minute >= from && row.minute < to && row.minute >= oldestKept {
                        sums.add(row)
                    }
                }
            }
        } catch {
            await watcher.stop()
            throw Self.storageError(error, "reading the per-minute history")
        }
        await watcher.stop()
        return sums.rows(queue: queue, from: from, to: to)
    }
}
