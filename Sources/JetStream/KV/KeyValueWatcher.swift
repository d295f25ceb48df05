import NATS
import Synchronization

/// What a KV watch yields.
public enum KeyValueWatchEvent: Sendable, Equatable {
    /// A revision of a key (a put, or a delete or purge marker).
    case entry(KeyValueEntry)
    /// Every entry that existed when the watch began has been delivered; what follows is live.
    case caughtUp
}

/// A running watch of a KV bucket: an ephemeral push consumer delivering to this watcher's inbox, with flow
/// control answered and heartbeats ignored. Iterate it for ``KeyValueWatchEvent``s; ``stop()`` ends it.
public final class KeyValueWatcher: AsyncSequence, Sendable {
    public typealias Element = KeyValueWatchEvent

    private let events: AsyncThrowingStream<KeyValueWatchEvent, any Error>
    private let continuation: AsyncThrowingStream<KeyValueWatchEvent, any Error>.Continuation
    private let reader = Mutex<Task<Void, Never>?>(nil)

    private init() {
        (events, continuation) = AsyncThrowingStream.makeStream(of: KeyValueWatchEvent.self)
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<KeyValueWatchEvent, any Error>.AsyncIterator {
        events.makeAsyncIterator()
    }

    /// Ends the watch: the inbox is unsubscribed and the server drops the ephemeral consumer once idle.
    public func stop() async {
        reader.withLock { $0 }?.cancel()
        continuation.finish()
    }

    static func start(bucket: KeyValueBucket, filter: String, includeHistory: Bool,
                      headersOnly: Bool) throws -> KeyValueWatcher {
        let watcher = KeyValueWatcher()
        let task = Task {
            do {
                try await watcher.run(bucket: bucket, filter: filter, includeHistory: includeHistory, headersOnly: headersOnly)
                watcher.continuation.finish()
            } catch {
                watcher.continuation.finish(throwing: error)
            }
        }
        watcher.reader.withLock { $0 = task }
        return watcher
    }

    private func run(bucket: KeyValueBucket, filter: String, includeHistory: Bool, headersOnly: Bool) async throws {
        let context = bucket.context
        let client = context.client
        let inbox = client.newInbox()
        let subscription = try await client.subscribe(inbox)
        defer { Task { try? await subscription.unsubscribe(after: nil) } }
        var config = ConsumerConfig(deliverPolicy: includeHistory ? .all : .lastPerSubject, ackPolicy: ConsumerConfig.AckPolicy.none,
                                    filterSubject: filter, deliverSubject: inbox)
        config.replayPolicy = .instant
        config.flowControl = true
        config.idleHeartbeat = .seconds(5)
        config.memoryStorage = true
        config.replicas = 1
        config.headersOnly = headersOnly ? true : nil
        let info = try await context.createConsumer(stream: bucket.streamName, config: config)
        var caughtUp = info.pendingCount == 0
        if caughtUp { continuation.yield(.caughtUp) }
        let prefixLength = "$KV.\(bucket.name).".count
        try await withTaskCancellationHandler {
            for await message in subscription {
                if message.status == 100 {
                    // Flow control asks for an (empty) reply; a stalled-consumer heartbeat names where to send it.
                    if let reply = message.reply { try client.publish(reply, payload: []) }
                    if let stalled = message.headers?["Nats-Consumer-Stalled"] { try client.publish(stalled, payload: []) }
                    continue
                }
                if message.status != nil { continue }
                guard let metadata = message.reply.flatMap(AckMetadata.init(replySubject:)) else { continue }
                let entry = KeyValueEntry(
                    bucket: bucket.name, key: String(message.subject.dropFirst(prefixLength)), value: message.payload,
                    revision: metadata.streamSequence, operation: KeyValueBucket.operation(message.headers),
                    delta: metadata.pendingCount)
                continuation.yield(.entry(entry))
                if !caughtUp && metadata.pendingCount == 0 {
                    caughtUp = true
                    continuation.yield(.caughtUp)
                }
            }
        } onCancel: {
            Task { try? await subscription.unsubscribe(after: nil) }
        }
    }
}
