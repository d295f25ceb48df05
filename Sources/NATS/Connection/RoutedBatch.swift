/// What one socket read's messages come to, sorted under the client's lock and handed out after it, in the
/// order the server sent them: request replies, and between two replies, per subscription the messages it
/// takes (one yield, so one wake-up of its reader, per read when no reply falls in between). A reply is
/// never handed out before a message the server sent ahead of it: a writer resumed by its acknowledgement
/// may rely on what arrived before (its own event's acknowledgement, a watch's delivery).
struct RoutedBatch {
    struct Delivery {
        let sid: UInt64
        let continuation: AsyncStream<[NATSMessage]>.Continuation
        let backlog: SubscriptionBacklog
        /// How many more messages fit under the pending limit, counted when this run of the read began.
        var room: Int
        var messages: [NATSMessage] = []
        /// The subscription reached its auto-unsubscribe count: its stream ends after these messages.
        var finished = false
    }

    /// One step of handing the read out: a delivery (by its place in `deliveries`) or a reply.
    enum Handout {
        case delivery(Int)
        case reply(RequestWaiter, NATSMessage)
    }

    /// In wire order.
    private(set) var handouts: [Handout] = []
    /// Every delivery of the read; those from `openFrom` on belong to the run since the last reply. Few
    /// per read (a read rarely spans more than a handful of subscriptions), so found by a linear scan.
    var deliveries: [Delivery] = []
    private var openFrom = 0
    /// Subscriptions that began dropping in this read, for one slow-consumer event per run of drops.
    var slow: [(sid: UInt64, subject: String)] = []

    /// A request's reply, after every message routed before it.
    mutating func reply(_ waiter: RequestWaiter, _ message: NATSMessage) {
        openFrom = deliveries.count
        handouts.append(.reply(waiter, message))
    }

    /// Takes `message` for subscription `sid`, or drops it when the reader is `limit` messages behind.
    mutating func deliver(_ message: consuming NATSMessage, to sid: UInt64, entry: inout SubscriptionEntry, limit: Int) {
        entry.delivered += 1
        let index: Int
        if let last = deliveries.indices.last, last >= openFrom, deliveries[last].sid == sid {
            index = last
        } else if let found = deliveries[openFrom...].firstIndex(where: { $0.sid == sid }) {
            index = found
        } else {
            let earlier = deliveries[..<openFrom].reduce(0) { $0 + ($1.sid == sid ? $1.messages.count : 0) }
            deliveries.append(Delivery(sid: sid, continuation: entry.continuation, backlog: entry.backlog,
                                       room: limit - entry.backlog.count - earlier))
            index = deliveries.count - 1
            handouts.append(.delivery(index))
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
        if let index = deliveries[openFrom...].firstIndex(where: { $0.sid == sid }) { deliveries[index].finished = true }
    }

    /// Delivery `index`'s messages, moved out: the reader gets the only reference, so it can move the
    /// messages out in turn without the array being copied.
    mutating func takeMessages(of index: Int) -> [NATSMessage] {
        var messages: [NATSMessage] = []
        swap(&messages, &deliveries[index].messages)
        return messages
    }
}
