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

    enum Handout {
        case delivery(Delivery)
        case reply(RequestWaiter, NATSMessage)
    }

    /// Runs handed out so far, in wire order.
    private(set) var sealed: [Handout] = []
    /// The deliveries since the last reply. Few per read (a read rarely spans more than a handful of
    /// subscriptions), so found by a linear scan.
    private var open: [Delivery] = []
    /// Subscriptions that began dropping in this read, for one slow-consumer event per run of drops.
    var slow: [(sid: UInt64, subject: String)] = []

    /// Everything routed, in the order to hand it out.
    var handouts: [Handout] { sealed + open.map(Handout.delivery) }

    /// A request's reply, after every message routed before it.
    mutating func reply(_ waiter: RequestWaiter, _ message: NATSMessage) {
        sealed += open.map(Handout.delivery)
        open.removeAll()
        sealed.append(.reply(waiter, message))
    }

    /// Takes `message` for subscription `sid`, or drops it when the reader is `limit` messages behind.
    mutating func deliver(_ message: consuming NATSMessage, to sid: UInt64, entry: inout SubscriptionEntry, limit: Int) {
        entry.delivered += 1
        let index: Int
        if let last = open.indices.last, open[last].sid == sid {
            index = last
        } else if let found = open.firstIndex(where: { $0.sid == sid }) {
            index = found
        } else {
            open.append(Delivery(sid: sid, continuation: entry.continuation, backlog: entry.backlog,
                                 room: limit - entry.backlog.count - takenEarlier(by: sid)))
            index = open.count - 1
        }
        if open[index].messages.count < open[index].room {
            open[index].messages.append(message)
            entry.behind = false
        } else {
            entry.dropped += 1
            if !entry.behind { slow.append((sid, entry.subject)) }
            entry.behind = true
        }
    }

    /// Marks `sid`'s stream to end once its messages of this read are handed over.
    mutating func finish(_ sid: UInt64) {
        if let index = open.firstIndex(where: { $0.sid == sid }) { open[index].finished = true }
    }

    /// Messages `sid` took in the runs before a reply of this read (not yet in its backlog).
    private func takenEarlier(by sid: UInt64) -> Int {
        var count = 0
        for case .delivery(let delivery) in sealed where delivery.sid == sid { count += delivery.messages.count }
        return count
    }
}
