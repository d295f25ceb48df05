import NATS
import Synchronization

/// One message a ``StreamWatcher`` delivers: a stored message with the stream position it came from.
public struct WatchedMessage: Sendable, Equatable {
    /// The subject it was stored on.
    public var subject: String
    /// Its stream sequence.
    public var sequence: UInt64
    /// Its stored headers.
    public var headers: NATSHeaders?
    /// Its body.
    public var payload: [UInt8]
    /// When the server stored it, in Unix nanoseconds.
    public var timestampNanoseconds: Int64
    /// How many messages matching the filter the consumer still had to deliver after this one.
    public var pending: UInt64

    /// Creates a watched message (tests, or a message read by sequence standing in for one).
    public init(subject: String, sequence: UInt64, headers: NATSHeaders?, payload: [UInt8], timestampNanoseconds: Int64,
                pending: UInt64) {
        self.subject = subject
        self.sequence = sequence
        self.headers = headers
        self.payload = payload
        self.timestampNanoseconds = timestampNanoseconds
        self.pending = pending
    }
}

/// What a stream watch yields.
public enum StreamWatchEvent: Sendable, Equatable {
    /// A stored message, in stream order.
    case message(WatchedMessage)
    /// Every message that existed when the watch began has been delivered; what follows is live.
    case caughtUp
}

/// A running watch of a stream: an ephemeral push consumer (ack none, flow control answered, heartbeats
/// ignored) delivering to this watcher's inbox, first what is stored (every message, or the last one per
/// subject), then ``StreamWatchEvent/caughtUp``, then every new message as it is stored. Deletes by sequence
/// are not delivered: a watcher sees writes only. Iterate it for one event at a time, or ``batches`` for the
/// events of each socket read together (a scan of a large stream then wakes its reader once per read, not
/// once per message). ``stop()`` ends it. When neither a message nor a heartbeat arrives for three heartbeat
/// intervals (the server restarted and forgot the ephemeral consumer, the connection is gone) the watch ends
/// with ``JetStreamError/missedHeartbeats``, so its owner can start a new one from the last sequence it saw.
public final class StreamWatcher: AsyncSequence, Sendable {
    public typealias Element = StreamWatchEvent

    /// Which stored messages the watch starts with.
    public enum Start: Sendable, Hashable {
        /// Every stored message.
        case all
        /// The last stored message of each subject.
        case lastPerSubject
        /// Messages from this stream sequence on.
        case sequence(UInt64)
        /// Messages stored at or after this time (RFC 3339).
        case time(String)
        /// Only messages stored after the watch began.
        case new
    }

    /// The watch's events, in order, as runs that each came from one socket read (never empty).
    public let batches: AsyncThrowingStream<[StreamWatchEvent], any Error>
    private let continuation: AsyncThrowingStream<[StreamWatchEvent], any Error>.Continuation
    private let reader = Mutex<Task<Void, Never>?>(nil)

    private init() {
        (batches, continuation) = AsyncThrowingStream.makeStream(of: [StreamWatchEvent].self)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(batches: batches.makeAsyncIterator()) }

    /// Hands out the events of each batch one by one.
    public struct Iterator: AsyncIteratorProtocol {
        var batches: AsyncThrowingStream<[StreamWatchEvent], any Error>.Iterator
        private var batch: [StreamWatchEvent] = []
        private var index = 0

        init(batches: AsyncThrowingStream<[StreamWatchEvent], any Error>.Iterator) { self.batches = batches }

        public mutating func next() async throws -> StreamWatchEvent? {
            while index == batch.count {
                guard let next = try await batches.next() else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    /// Ends the watch: the inbox is unsubscribed and the server drops the ephemeral consumer once idle.
    public func stop() async {
        reader.withLock { $0 }?.cancel()
        continuation.finish()
    }

    /// Starts watching `stream`'s messages on subjects matching `filter` (nil: all), from `start`; with
    /// `headersOnly` the bodies are left out.
    public static func start(context: JetStreamContext, stream: String, filter: String?, start: Start,
                             headersOnly: Bool = false, idleHeartbeat: Duration = .seconds(5)) throws -> StreamWatcher {
        let watcher = StreamWatcher()
        let task = Task {
            do {
                try await watcher.run(context: context, stream: stream, filter: filter, start: start, headersOnly: headersOnly,
                                      idleHeartbeat: idleHeartbeat)
                watcher.continuation.finish()
            } catch {
                watcher.continuation.finish(throwing: error)
            }
        }
        watcher.reader.withLock { $0 = task }
        return watcher
    }

    private func run(context: JetStreamContext, stream: String, filter: String?, start: Start, headersOnly: Bool,
                     idleHeartbeat: Duration) async throws {
        let client = context.client
        let inbox = client.newInbox()
        let subscription = try await client.subscribe(inbox)
        defer { Task { try? await subscription.unsubscribe(after: nil) } }
        var config = ConsumerConfig(ackPolicy: ConsumerConfig.AckPolicy.none, filterSubject: filter, deliverSubject: inbox)
        switch start {
        case .all: config.deliverPolicy = .all
        case .lastPerSubject: config.deliverPolicy = .lastPerSubject
        case .sequence(let sequence):
            config.deliverPolicy = .byStartSequence
            config.optStartSequence = sequence
        case .time(let time):
            config.deliverPolicy = .byStartTime
            config.optStartTime = time
        case .new: config.deliverPolicy = .new
        }
        config.replayPolicy = .instant
        config.flowControl = true
        config.idleHeartbeat = Nanoseconds(idleHeartbeat)
        config.memoryStorage = true
        config.replicas = 1
        config.headersOnly = headersOnly ? true : nil
        let info = try await context.createConsumer(stream: stream, config: config)
        var caughtUp = info.pendingCount == 0
        if caughtUp { continuation.yield([.caughtUp]) }
        let lastHeard = Mutex(ContinuousClock.now)
        let watchdog = Task { [continuation] in
            while !Task.isCancelled {
                try? await Task.sleep(for: idleHeartbeat)
                if ContinuousClock.now - lastHeard.withLock({ $0 }) > idleHeartbeat * 3 {
                    continuation.finish(throwing: JetStreamError.missedHeartbeats)
                    try? await subscription.unsubscribe(after: nil)
                    return
                }
            }
        }
        defer { watchdog.cancel() }
        try await withTaskCancellationHandler {
            for await var messages in subscription.batches {
                lastHeard.withLock { $0 = .now }
                var events: [StreamWatchEvent] = []
                events.reserveCapacity(messages.count)
                for index in messages.indices {
                    // Moved out of the batch, not copied: a copy retained and released five buffers a message.
                    var message = NATSMessage(subject: "", payload: [])
                    swap(&message, &messages[index])
                    if message.status == 100 {
                        // Flow control asks for an (empty) reply, sent once the messages before it are handed
                        // on; a stalled-consumer heartbeat names where to send it.
                        if !events.isEmpty { continuation.yield(events) }
                        events.removeAll(keepingCapacity: true)
                        if let reply = message.reply { try client.publish(reply, payload: []) }
                        if let stalled = message.headers?["Nats-Consumer-Stalled"] { try client.publish(stalled, payload: []) }
                        continue
                    }
                    if message.status != nil { continue }
                    guard let metadata = message.reply.flatMap(AckMetadata.init(replySubject:)) else { continue }
                    events.append(.message(WatchedMessage(
                        subject: message.subject, sequence: metadata.streamSequence, headers: message.headers,
                        payload: message.payload, timestampNanoseconds: metadata.timestampNanoseconds,
                        pending: metadata.pendingCount)))
                    if !caughtUp && metadata.pendingCount == 0 {
                        caughtUp = true
                        events.append(.caughtUp)
                    }
                }
                if !events.isEmpty { continuation.yield(events) }
            }
        } onCancel: {
            Task { try? await subscription.unsubscribe(after: nil) }
        }
    }
}
