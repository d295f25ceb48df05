import NATS
import Synchronization

/// What a KV watch yields.
public enum KeyValueWatchEvent: Sendable, Equatable {
    /// A revision of a key (a put, or a delete or purge marker).
    case entry(KeyValueEntry)
    /// Every entry that existed when the watch began has been delivered; what follows is live.
    case caughtUp
}

/// A running watch of a KV bucket: a ``StreamWatcher`` on its stream, each message read as an entry. Iterate it for ``KeyValueWatchEvent``s; ``stop()`` ends it.
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
        let watcher = try StreamWatcher.start(context: bucket.context, stream: bucket.streamName, filter: filter,
                                              start: includeHistory ? .all : .lastPerSubject, headersOnly: headersOnly)
        let prefixLength = "$KV.\(bucket.name).".count
        try await withTaskCancellationHandler {
            for try await event in watcher {
                switch event {
                case .caughtUp: continuation.yield(.caughtUp)
                case .message(let message):
                    continuation.yield(.entry(KeyValueEntry(
                        bucket: bucket.name, key: String(message.subject.dropFirst(prefixLength)), value: message.payload,
                        revision: message.sequence, operation: KeyValueBucket.operation(message.headers),
                        delta: message.pending)))
                }
            }
        } onCancel: {
            Task { await watcher.stop() }
        }
    }
}
