import NIOCore
import NIOPosix
import Synchronization

/// A connection to a NATS server or cluster: publish, subscribe and request, surviving reconnects.
///
/// One client talks to one server at a time over one TCP (or TLS) connection. Publishes are buffered and
/// written once per event-loop tick, so a burst of them costs one socket write. When the connection drops, the
/// client redials the configured and discovered servers with jittered backoff, re-sends every subscription
/// and then the publishes it buffered meanwhile (bounded by `NATSOptions.maxPendingBytes`).
public final class NATSClient: Sendable {
    /// The version sent in `CONNECT`.
    static let libraryVersion = "0.1.0"

    public let options: NATSOptions
    /// Disconnects, reconnects, lame-duck notices, slow consumers and non-fatal server errors.
    public let events: AsyncStream<NATSClientEvent>

    let eventContinuation: AsyncStream<NATSClientEvent>.Continuation
    let eventLoop: any EventLoop
    let connector: Connector
    let state: Mutex<ClientState>
    private let requestCounter = Atomic<UInt64>(0)

    init(options: NATSOptions, pool: ServerPool, eventLoop: any EventLoop) {
        self.options = options
        self.eventLoop = eventLoop
        self.connector = Connector(options: options, eventLoop: eventLoop)
        self.state = Mutex(ClientState(pool: pool))
        (events, eventContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    /// Connects to the first reachable server of `options.servers`, or throws the reason none could be used
    /// (an authorization failure is thrown at once, not retried against the next server).
    public static func connect(_ options: NATSOptions) async throws -> NATSClient {
        try validate(options)
        let pool = try ServerPool(urls: options.servers)
        let client = NATSClient(options: options, pool: pool, eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        try await client.connectFirstTime()
        return client
    }

    private static func validate(_ options: NATSOptions) throws(NATSError) {
        guard options.maxPendingBytes >= 0 else { throw .invalidArgument("maxPendingBytes must not be negative") }
        guard options.subscriptionPendingLimit > 0 else { throw .invalidArgument("subscriptionPendingLimit must be positive") }
        guard options.maxPingsOutstanding > 0 else { throw .invalidArgument("maxPingsOutstanding must be positive") }
        guard options.pingInterval > .zero, options.connectTimeout > .zero else {
            throw .invalidArgument("pingInterval and connectTimeout must be positive")
        }
        try Subject.validate(options.inboxPrefix, wildcards: false)
    }

    /// What the current (or last) server said about itself.
    public var serverInfo: NATSServerInfo { state.withLock { $0.info } }

    /// Whether a connection is up right now.
    public var isConnected: Bool { state.withLock { $0.live != nil } }

    /// The server currently connected to, as `nats://host:port`.
    public var connectedServer: String? { state.withLock { $0.live?.address.description } }

    /// Every server the client would try, configured and discovered.
    public var knownServers: [String] { state.withLock { $0.pool.addresses.map(\.description) } }

    /// The executor of the event loop this client's connection runs on. An actor that uses it as its executor
    /// publishes, reads subscriptions and awaits requests without a thread hop between it and the socket.
    public var executor: any SerialExecutor { eventLoop.executor }

    /// A fresh, unique subject under the inbox prefix, for replies.
    public func newInbox() -> String { "\(options.inboxPrefix).\(InboxName.token())" }

    // MARK: Publishing

    /// Queues a message for `subject`. Returns at once: the bytes go out with the rest of this event-loop tick's
    /// writes. Throws `maxPayloadExceeded` for a message the server would refuse, `pendingBufferFull` when
    /// disconnected and the reconnect buffer is full, `connectionClosed` after `close()`.
    public func publish(_ subject: String, payload: [UInt8], headers: NATSHeaders? = nil, reply: String? = nil) throws {
        let size = payload.count + (headers.map(HeaderBlock.encodedLength) ?? 0)
        let channel = try state.withLock { state throws(NATSError) -> (any Channel)? in
            guard size <= state.info.maxPayload else { throw .maxPayloadExceeded(state.info.maxPayload) }
            let op = ClientOp.publish(subject: subject, reply: reply, headers: headers, payload: payload)
            return try state.enqueue(op, maxPendingBytes: options.maxPendingBytes)
        }
        if let channel { scheduleWrite(on: channel) }
    }

    /// Makes sure everything published so far reached the server, by a PING/PONG round trip.
    public func flush(timeout: Duration) async throws {
        let live = try state.withLock { state throws(NATSError) -> LiveConnection in
            if state.isClosed { throw .connectionClosed }
            guard let live = state.live else { throw .disconnected }
            return live
        }
        let pong = eventLoop.makePromise(of: Void.self)
        eventLoop.execute {
            self.writePending()
            live.handler.value.ping(waiter: pong)
        }
        try await pong.futureResult.get(timeout: timeout)
    }

    func scheduleWrite(on channel: any Channel) {
        channel.eventLoop.execute { self.writePending() }
    }

    /// Hands the coalesced bytes to the channel; runs on the event loop.
    func writePending() {
        let work = state.withLock { state -> (any Channel, ByteBuffer)? in
            state.flushScheduled = false
            guard let live = state.live, state.pending.readableBytes > 0 else { return nil }
            let bytes = state.pending
            state.pending = live.channel.allocator.buffer(capacity: ClientState.pendingCapacity)
            return (live.channel, bytes)
        }
        if let (channel, bytes) = work { channel.writeAndFlush(bytes, promise: nil) }
    }

    // MARK: Subscribing

    /// Subscribes to `subject` (wildcards allowed), optionally as a member of `queueGroup`, where each message
    /// goes to one member only. Messages arrive in order by iterating the returned subscription.
    public func subscribe(_ subject: String, queueGroup: String? = nil) async throws -> NATSSubscription {
        try Subject.validate(subject, wildcards: true)
        if let queueGroup { try Subject.validate(queueGroup, wildcards: false) }
        // Unbounded as a stream of batches: the limit is on messages, kept by the backlog when routing.
        let (stream, continuation) = AsyncStream.makeStream(of: [NATSMessage].self)
        let backlog = SubscriptionBacklog()
        let (sid, channel) = try state.withLock { state throws(NATSError) -> (UInt64, (any Channel)?) in
            guard !state.isClosed, !state.draining else { throw .connectionClosed }
            let sid = state.allocateSid()
            state.subscriptions[sid] = SubscriptionEntry(subject: subject, queueGroup: queueGroup, continuation: continuation,
                                                         backlog: backlog)
            return (sid, state.enqueueIfConnected(.subscribe(subject: subject, queueGroup: queueGroup, sid: sid)))
        }
        if let channel { scheduleWrite(on: channel) }
        return NATSSubscription(sid: sid, subject: subject, queueGroup: queueGroup,
                                batches: NATSMessageBatches(stream: stream, backlog: backlog), client: self)
    }

    /// Ends subscription `sid` now, or once it has delivered `after` messages in total.
    func unsubscribe(sid: UInt64, after: Int?) throws {
        if let after, after <= 0 { throw NATSError.invalidArgument("unsubscribe(after:) needs a positive count") }
        let (finished, channel) = state.withLock { state -> (AsyncStream<[NATSMessage]>.Continuation?, (any Channel)?) in
            guard var entry = state.subscriptions[sid] else { return (nil, nil) }
            if let after, entry.delivered < after {
                entry.max = after
                state.subscriptions[sid] = entry
                return (nil, state.enqueueIfConnected(.unsubscribe(sid: sid, max: after)))
            }
            state.subscriptions[sid] = nil
            return (entry.continuation, state.enqueueIfConnected(.unsubscribe(sid: sid, max: nil)))
        }
        finished?.finish()
        if let channel { scheduleWrite(on: channel) }
    }

    /// Messages subscription `sid` dropped because its consumer was too slow.
    func droppedMessages(sid: UInt64) -> Int { state.withLock { $0.subscriptions[sid]?.dropped ?? 0 } }

    // MARK: Requests

    /// Publishes to `subject` with a reply subject on the client's muxed inbox and waits for the first answer.
    /// Throws `noResponders` when nobody listens, `timeout` when no answer comes in time, `disconnected` when
    /// the connection dropped after the request went out.
    public func request(
        _ subject: String, payload: [UInt8], headers: NATSHeaders? = nil, timeout: Duration
    ) async throws -> NATSMessage {
        let token = String(requestCounter.wrappingAdd(1, ordering: .relaxed).newValue, radix: 36)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                startRequest(token: token, subject: subject, payload: payload, headers: headers, timeout: timeout, continuation: continuation)
            }
        } onCancel: {
            self.finishRequest(token: token, with: .failure(CancellationError()))
        }
    }

    private func startRequest(
        token: String, subject: String, payload: [UInt8], headers: NATSHeaders?, timeout: Duration,
        continuation: CheckedContinuation<NATSMessage, any Error>
    ) {
        let size = payload.count + (headers.map(HeaderBlock.encodedLength) ?? 0)
        do {
            let channel = try state.withLock { state throws(NATSError) -> (any Channel)? in
                guard size <= state.info.maxPayload else { throw .maxPayloadExceeded(state.info.maxPayload) }
                if state.isClosed { throw .connectionClosed }
                let subscribeChannel = ensureMux(&state)
                let reply = state.mux!.replyPrefix + token
                let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    self.finishRequest(token: token, with: .failure(NATSError.timeout))
                }
                state.mux!.waiters[token] = RequestWaiter(continuation: continuation, generation: state.live?.generation, timeout: timer)
                do throws(NATSError) {
                    let op = ClientOp.publish(subject: subject, reply: reply, headers: headers, payload: payload)
                    return try state.enqueue(op, maxPendingBytes: options.maxPendingBytes) ?? subscribeChannel
                } catch {
                    state.mux!.waiters[token] = nil
                    timer.cancel()
                    throw error
                }
            }
            if let channel { scheduleWrite(on: channel) }
        } catch {
            continuation.resume(throwing: error)
        }
    }

    /// Creates the muxed inbox subscription on first use.
    private func ensureMux(_ state: inout ClientState) -> (any Channel)? {
        guard state.mux == nil else { return nil }
        let mux = RequestMux(sid: state.allocateSid(), replyPrefix: "\(options.inboxPrefix).\(InboxName.token()).")
        state.mux = mux
        return state.enqueueIfConnected(.subscribe(subject: mux.subject, queueGroup: nil, sid: mux.sid))
    }

    /// Completes a request exactly once: whoever removes the waiter (answer, timeout, cancel, disconnect) resumes it.
    func finishRequest(token: String, with result: Result<NATSMessage, any Error>) {
        guard let waiter = state.withLock({ $0.mux?.waiters.removeValue(forKey: token) }) else { return }
        waiter.timeout.cancel()
        waiter.continuation.resume(with: result)
    }

    // MARK: Shutdown

    /// Stops every subscription taking new messages, lets their consumers read what already arrived, sends
    /// whatever is buffered, and closes.
    public func drain() async throws {
        let flushed = await unsubscribeOnceSent(timeout: options.connectTimeout) { state in
            state.draining = true
            return state.subscriptions.keys.sorted()
        }
        await close()
        try flushed.get()
    }

    /// Ends subscription `sid` at the server, and here once every message the server sent it before has
    /// arrived (see ``NATSSubscription/drain(timeout:)``).
    func drain(sid: UInt64, timeout: Duration) async throws {
        try await unsubscribeOnceSent(timeout: timeout) { state in state.subscriptions[sid] == nil ? [] : [sid] }.get()
    }

    /// Sends UNSUB for the subscriptions `choose` picks and keeps routing their messages until a PING/PONG
    /// round trip (waited for at most `timeout`) shows the server processed them, then ends them: the PONG
    /// comes after every message the server sent before it processed the UNSUBs. Returns how the round trip
    /// went; the subscriptions end either way.
    private func unsubscribeOnceSent(timeout: Duration, _ choose: (inout ClientState) -> [UInt64]) async -> Result<Void, any Error> {
        let (sids, channel) = state.withLock { state -> ([UInt64], (any Channel)?) in
            let sids = choose(&state)
            var channel: (any Channel)?
            for sid in sids { channel = state.enqueueIfConnected(.unsubscribe(sid: sid, max: nil)) ?? channel }
            return (sids, channel)
        }
        if let channel { scheduleWrite(on: channel) }
        let flushed: Result<Void, any Error>
        do {
            try await flush(timeout: timeout)
            flushed = .success(())
        } catch {
            flushed = .failure(error)
        }
        let ended = state.withLock { state in sids.compactMap { state.subscriptions.removeValue(forKey: $0)?.continuation } }
        for continuation in ended { continuation.finish() }
        return flushed
    }

    /// Closes the connection after writing what is buffered; fails waiting requests with `connectionClosed`
    /// and ends every subscription. Calling it again does nothing.
    public func close() async {
        await shutDown(reason: .connectionClosed)
    }

    func shutDown(reason: NATSError) async {
        let closing = state.withLock { state -> (LiveConnection?, [RequestWaiter], [SubscriptionEntry], Task<Void, Never>?)? in
            guard !state.isClosed else { return nil }
            let live = state.live
            state.phase = .closed
            let waiters = state.mux.map { Array($0.waiters.values) } ?? []
            state.mux?.waiters.removeAll()
            let subscriptions = Array(state.subscriptions.values)
            state.subscriptions.removeAll()
            defer { state.reconnectTask = nil }
            return (live, waiters, subscriptions, state.reconnectTask)
        }
        guard let (live, waiters, subscriptions, reconnectTask) = closing else { return }
        reconnectTask?.cancel()
        for waiter in waiters {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: reason)
        }
        for subscription in subscriptions { subscription.continuation.finish() }
        if let live {
            let bytes = state.withLock { state -> ByteBuffer in
                defer { state.pending.clear() }
                return state.pending
            }
            live.channel.writeAndFlush(bytes, promise: nil)
            try? await live.channel.close()
        }
        eventContinuation.yield(.closed)
        eventContinuation.finish()
    }
}
