import Foundation
import Synchronization
import NATS

/// Waits for `condition` to hold, checking every 10 ms; false if `timeout` passed first. Integration tests use
/// it to wait on real processes, never to pace logic.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// Collects a client's events in the background so a test can look for one after the fact.
final class EventRecorder: Sendable {
    private let recorded = LockedList<NATSClientEvent>()
    private let task: Task<Void, Never>

    init(_ client: NATSClient) {
        let recorded = self.recorded
        task = Task { for await event in client.events { recorded.append(event) } }
    }

    var events: [NATSClientEvent] { recorded.items }

    deinit { task.cancel() }
}

/// A list appended to from several tasks.
final class LockedList<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])
    func append(_ element: Element) { storage.withLock { $0.append(element) } }
    var items: [Element] { storage.withLock { $0 } }
}

/// Reads a subscription in the background into a list. (Cancelling a task that waits in an `AsyncStream`
/// ends the stream, so tests never race a read against a timer; they poll this list instead.)
final class MessageCollector: Sendable {
    private let received = LockedList<NATSMessage>()
    private let task: Task<Void, Never>

    init(_ subscription: NATSSubscription) {
        let received = self.received
        task = Task { for await message in subscription { received.append(message) } }
    }

    var messages: [NATSMessage] { received.items }

    /// Waits until at least `count` messages arrived; false on timeout.
    func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        await eventually(timeout: timeout) { received.items.count >= count }
    }

    /// Waits for the subscription to end.
    func finished() async { await task.value }
}
