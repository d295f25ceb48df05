/// What one socket read's messages come to, sorted under the client's lock and handed out after it: request
/// replies, and per subscription the messages it takes (one yield, so one wake-up of its reader, per read).
struct RoutedBatch {
    struct Delivery {
        let sid: UInt64
        let continuation: AsyncStream<[NATSMessage]>.Continuation
        let backlog: SubscriptionBacklog
        /// How many more messages fit under the pending limit, counted when the read began.
        var room: Int
        var messages: [NATSMessage] = []
        /// The subscription reached its auto-unsubscribe count: its stream ends after these messages.
        var finished = false
    }

    var replies: [(RequestWaiter, NATSMessage)] = []
    /// Few per read (a read rarely spans more than a handful of subscriptions), so found by a linear scan.
    var deliveries: [Delivery] = []
    /// Subscriptions that began dropping in this read, for one slow-consumer event per run of drops.
    var slow: [(sid: UInt64, subject: String)] = []

    /// Takes `message` for subscription `sid`, or drops it when the reader is `limit` messages behind.
    mutating func deliver(_ message: consuming NATSMessage, to sid: UInt64, entry: inout SubscriptionEntry, limit: Int) {
        entry.delivered += 1
        let index: Int
        if let last = deliveries.indices.last, deliveries[last].sid == sid {
            index = last
        } else if let found = deliveries.firstIndex(where: { $0.sid == sid }) {
            index = found
        } else {
            deliveries.append(Delivery(sid: sid, continuation: entry.continuation, backlog: entry.backlog,
                                       room: limit - entry.backlog.count))
            index = deliveries.count - 1
        }
        if deliveries[index].messages.count < deliveries[index].room {
            deliveries[index].messages.append(message)
            entry.behind = false
        } else {
            entry.dropped += 1
            if !entry.behind { slow.append((sid, entry.subject)) }
            entry.behind = true
        }
    }

    /// Marks `sid`'s stream to end once its messages of this read are handed over.
    mutating func finish(_ sid: UInt64) {
        if let index = deliveries.firstIndex(where: { $0.sid == sid }) { deliveries[index].finished = true }
    }
}
