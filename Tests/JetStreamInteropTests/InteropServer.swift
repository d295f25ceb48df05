import Foundation
import JetStream
import NATS
import NATSTestSupport
import Synchronization

/// Starts a JetStream server of `version`, connects a Swift client and the emulator to it, runs `body`, and
/// tears everything down. Returns without running `body` when the server or the emulator's Python is missing
/// here (in CI both are installed, and the harness fails instead of skipping).
func withInteropServer(
    _ version: NATSServerBinary.Version = .v2_15, syncAlways: Bool = false,
    _ body: (NATSServer, JetStreamContext, AsyncJobsEmulator) async throws -> Void
) async throws {
    guard NATSServerBinary.shouldRun(version), await AsyncJobsEmulator.shouldRun else { return }
    try await withNATSServer(NATSServerConfiguration(version: version, jetStream: true, syncAlways: syncAlways)) { server in
        let client = try await NATSClient.connect(NATSOptions(servers: [server.url], name: "interop-tests"))
        do {
            try await body(server, JetStreamContext(client: client), AsyncJobsEmulator(serverURL: server.url))
            await client.close()
        } catch {
            await client.close()
            throw error
        }
    }
}

/// The stored task record of `id` in `CHORIA_AJ_TASKS`, decoded as JSON, and its raw bytes.
func storedTask(_ id: String, _ js: JetStreamContext) async throws -> (fields: [String: Any], raw: String)? {
    guard let message = try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.\(id)") else {
        return nil
    }
    let raw = String(decoding: message.payload, as: UTF8.self)
    let fields = try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any] ?? [:]
    return (fields, raw)
}

/// The keys of a JSON object in the order they appear in its text (JSONSerialization loses the order).
func keyOrder(_ json: String) -> [String] {
    var keys: [String] = []
    var depth = 0
    var index = json.startIndex
    while index < json.endIndex {
        let character = json[index]
        if character == "{" || character == "[" { depth += 1 }
        if character == "}" || character == "]" { depth -= 1 }
        if character == "\"" {
            var end = json.index(after: index)
            while json[end] != "\"" { end = json.index(end, offsetBy: json[end] == "\\" ? 2 : 1) }
            let after = json.index(after: end)
            if depth == 1, after < json.endIndex, json[after] == ":" { keys.append(String(json[json.index(after: index)..<end])) }
            index = after
            continue
        }
        index = json.index(after: index)
    }
    return keys
}

/// Waits until `condition` is true, checking every 20 ms, failing with `what` after `timeout`.
func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw InteropTimeout(what: what) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

struct InteropTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Every `task_state` lifecycle event published on the server (core NATS, `CHORIA_AJ.E.task_state.>`),
/// decoded, in arrival order: what `ajc task watch` and Go programs see.
final class EventTap: Sendable {
    private let box: EventBox
    private let reader: Task<Void, Never>

    private init(_ subscription: NATSSubscription) {
        let box = EventBox()
        reader = Task {
            for await message in subscription {
                if let event = (try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: any Sendable] {
                    box.append(event)
                }
            }
        }
        self.box = box
    }

    static func start(_ client: NATSClient) async throws -> EventTap {
        let tap = EventTap(try await client.subscribe("CHORIA_AJ.E.task_state.>"))
        try await client.flush(timeout: .seconds(5))
        return tap
    }

    /// The events of one task.
    func events(of id: String) -> [[String: any Sendable]] { box.all.filter { $0["task_id"] as? String == id } }

    /// The states one task's events announced, in order.
    func states(of id: String) -> [String] { events(of: id).compactMap { $0["state"] as? String } }

    /// The newest event of one task.
    func last(of id: String) -> [String: any Sendable]? { events(of: id).last }

    deinit { reader.cancel() }
}

private final class EventBox: Sendable {
    private let events = Mutex<[[String: any Sendable]]>([])
    func append(_ event: [String: any Sendable]) { events.withLock { $0.append(event) } }
    var all: [[String: any Sendable]] { events.withLock { $0 } }
}
