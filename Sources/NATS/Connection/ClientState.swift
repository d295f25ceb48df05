import NIOCore

/// A connection in use: its channel, its handler (touched on its event loop only), and which one it is.
struct LiveConnection: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<ConnectionHandler>
    let generation: UInt64
    let address: NATSServerAddress
}

/// One subscription as the client tracks it across reconnects.
struct SubscriptionEntry: Sendable {
    let subject: String
    let queueGroup: String?
    let continuation: AsyncStream<[NATSMessage]>.Continuation
    /// What the reader has not taken yet, against `subscriptionPendingLimit`.
    let backlog: SubscriptionBacklog
    /// Messages delivered so far, for auto-unsubscribe and for re-sending the remaining count after a reconnect.
    var delivered = 0
    /// Total messages after which the subscription ends (`UNSUB <sid> <max>`).
    var max: Int?
    /// Messages dropped because the consumer was behind.
    var dropped = 0
    /// Inside a run of drops, so the slow-consumer event is sent once per run rather than per message.
    var behind = false
}

/// One request waiting on the muxed inbox.
struct RequestWaiter: Sendable {
    let continuation: CheckedContinuation<NATSMessage, any Error>
    /// The connection its publish went out on; nil while it sits in the reconnect buffer.
    var generation: UInt64?
    let timeout: Scheduled<Void>
}

/// The muxed reply subscription `<inbox prefix>.<token>.*` shared by all requests.
struct RequestMux: Sendable {
    let sid: UInt64
    /// `<prefix>.<token>.`; a request's reply subject is this plus its own token.
    let replyPrefix: String
    var waiters: [String: RequestWaiter] = [:]

    var subject: String { replyPrefix + "*" }
}

/// Everything about a client that changes, guarded by one lock.
struct ClientState: Sendable {
    enum Phase: Sendable {
        case connecting
        case connected(LiveConnection)
        case reconnecting
        case closed
    }

    var phase: Phase = .connecting
    var pool: ServerPool
    var info = NATSServerInfo()
    /// Outbound bytes not yet handed to a channel: coalesced within an event-loop tick while connected,
    /// held (up to the options' bound) while disconnected.
    var pending: ByteBuffer
    var flushScheduled = false
    var subscriptions: [UInt64: SubscriptionEntry] = [:]
    var nextSid: UInt64 = 1
    var mux: RequestMux?
    var draining = false
    var lastGeneration: UInt64 = 0
    var reconnectTask: Task<Void, Never>?

    init(pool: ServerPool) {
        self.pool = pool
        self.pending = ByteBufferAllocator().buffer(capacity: Self.pendingCapacity)
    }

    static let pendingCapacity = 64 << 10

    var live: LiveConnection? {
        if case .connected(let live) = phase { return live }
        return nil
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    mutating func nextGeneration() -> UInt64 {
        lastGeneration += 1
        return lastGeneration
    }

    mutating func allocateSid() -> UInt64 {
        defer { nextSid += 1 }
        return nextSid
    }

    /// Queues an op that must reach the server: while connected it joins this tick's write, while reconnecting it
    /// waits in the bounded buffer. Returns the channel whose flush must be scheduled, if one is not already.
    mutating func enqueue(_ op: ClientOp, maxPendingBytes: Int) throws(NATSError) -> (any Channel)? {
        switch phase {
        case .closed:
            throw .connectionClosed
        case .connected(let live):
            op.write(into: &pending)
            guard !flushScheduled else { return nil }
            flushScheduled = true
            return live.channel
        case .connecting, .reconnecting:
            let before = pending.writerIndex
            op.write(into: &pending)
            if pending.readableBytes > maxPendingBytes {
                pending.moveWriterIndex(to: before)
                throw .pendingBufferFull(maxPendingBytes)
            }
            return nil
        }
    }

    /// Queues an op that only matters to the current connection (SUB, UNSUB): a reconnect re-sends the
    /// subscription state anyway, so nothing is buffered while disconnected.
    mutating func enqueueIfConnected(_ op: ClientOp) -> (any Channel)? {
        guard case .connected(let live) = phase else { return nil }
        op.write(into: &pending)
        guard !flushScheduled else { return nil }
        flushScheduled = true
        return live.channel
    }

    /// The SUB (and remaining auto-UNSUB) lines that recreate every subscription on a new connection.
    func resubscribeOps() -> [ClientOp] {
        var ops: [ClientOp] = []
        if let mux { ops.append(.subscribe(subject: mux.subject, queueGroup: nil, sid: mux.sid)) }
        for (sid, entry) in subscriptions.sorted(by: { $0.key < $1.key }) {
            ops.append(.subscribe(subject: entry.subject, queueGroup: entry.queueGroup, sid: sid))
            if let max = entry.max { ops.append(.unsubscribe(sid: sid, max: Swift.max(max - entry.delivered, 1))) }
        }
        return ops
    }
}
