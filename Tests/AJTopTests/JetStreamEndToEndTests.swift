import AsyncJobsTesting
import Foundation
import NATSTestSupport
import Testing

/// ajtop attached to NATS JetStream in a real terminal (tmux): `--demo --nats URL` runs the demo on the
/// server, every screen and the keys that act work there, and another process (`ajc --nats`) sees the result.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct JetStreamEndToEndTests {
    /// `ajc --nats <url> arguments… --json`, parsed.
    func ajcJSON(_ url: String, _ arguments: String...) async throws -> Any {
        let result = try await Binaries.run("ajc", arguments + ["--nats", url, "--json"])
        guard result.status == 0 else {
            throw TmuxSession.Failure(description: "ajc \(arguments.joined(separator: " ")) failed: \(result.error)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    }

    @Test func demoRunsOnJetStreamAndTheScreensAndKeysWorkThere() async throws {
        guard NATSServerBinary.shouldRun(.v2_15) else { return }
        try await withNATSServer(NATSServerConfiguration(version: .v2_15, jetStream: true)) { server in
            let session = try TmuxSession([Binaries.path("ajtop"), "--demo", "--nats", server.url], width: 120, height: 36)
            defer { session.close() }
            try await session.waitFor(text: "pool running", timeout: .seconds(30))
            try await session.waitFor("the demo queues", timeout: .seconds(20)) { screen in
                ["emails", "thumbnails", "reports"].allSatisfy { name in screen.contains { $0.dropFirst().hasPrefix(name + " ") } }
            }
            #expect(try session.screen().first?.contains("store nats://127.0.0.1:\(server.port)") == true)
            // Another process sees the demo's work in asyncjobs' streams.
            let deadline = ContinuousClock.now + .seconds(30)
            var complete = 0
            while ContinuousClock.now < deadline && complete < 5 {
                let queues = try await ajcJSON(server.url, "queue", "ls") as? [[String: Any]] ?? []
                complete = queues.reduce(0) { $0 + (($1["counts"] as? [String: Int])?["complete"] ?? 0) }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(complete >= 5, "ajc --nats saw \(complete) demo tasks complete")

            // p pauses the queue under the cursor (‖ in the list), as ajc then reports; Enter opens it.
            try session.send("p")
            try await session.waitFor("a paused queue") { screen in screen.contains { $0.hasPrefix("▶") && $0.contains("‖") } }
            let queues = try await ajcJSON(server.url, "queue", "ls") as? [[String: Any]] ?? []
            #expect(queues.count { $0["paused"] as? Bool == true } == 1, "one queue paused: \(queues.map { $0["paused"] ?? "-" })")
            try session.send("Enter")
            try await session.waitFor(text: "PAUSED")
            try session.send("Escape")
            try session.send("p")
            try await session.waitFor("the queue resumed") { screen in screen.contains { $0.hasPrefix("▶") && !$0.contains("‖") } }
            // The Workers screen shows the local pool's slots on JetStream too.
            try session.send("2")
            try await session.waitFor(text: "Local worker pool", timeout: .seconds(10))
            try session.send("q")
            try session.send("q")
            #expect(try await session.waitForExit(timeout: .seconds(20)) == 0)
        }
    }
}

/// ajtop attached to a deployment of Go workers (the emulator's, which NAK a failed task with asyncjobs'
/// back-off): the slot the delayed retry holds is shown apart from the running handler.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct GoWorkerSlotsEndToEndTests {
    @Test func aDelayedRetryOfAGoWorkerIsShownApartFromTheRunningHandler() async throws {
        guard NATSServerBinary.shouldRun(.v2_15), await AsyncJobsEmulator.shouldRun else { return }
        try await withNATSServer(NATSServerConfiguration(version: .v2_15, jetStream: true)) { server in
            let emulator = AsyncJobsEmulator(serverURL: server.url)
            try await emulator.provision(queue: "GOSLOTS", maxConcurrent: 4, maxRunTime: "60s")
            _ = try await emulator.enqueue(queue: "GOSLOTS", type: "fails")
            let failing = try emulator.startWorker(queue: "GOSLOTS", ["--concurrency", "4", "--fail-types", "fails",
                                                                      "--poll-expires", "1s"])
            defer { failing.kill() }
            try await failing.waitUntil("the failure") { $0.events(named: "handler_end").count == 1 }
            // Its NAK keeps the item pending for asyncjobs' back-off (minutes) after it is gone.
            failing.kill()
            _ = try await emulator.enqueue(queue: "GOSLOTS", type: "slow")
            let slow = try emulator.startWorker(queue: "GOSLOTS", ["--concurrency", "1", "--sleep", "60", "--poll-expires", "1s"])
            defer { slow.kill() }
            try await slow.waitUntil("the slow run") { $0.events(named: "handler_start").count == 1 }

            let session = try TmuxSession([Binaries.path("ajtop"), "--nats", server.url], width: 100, height: 24)
            defer { session.close() }
            try await session.waitFor("the totals with the delayed retry", timeout: .seconds(30)) { screen in
                screen.contains { $0.contains("active 1/4 +1 delayed") }
            }
            try session.send("Enter")
            try await session.waitFor("the queue's title with the delayed retry", timeout: .seconds(20)) { screen in
                screen.contains { $0.hasPrefix("Queue GOSLOTS  active 1/4 +1 delayed ") }
            }
            try session.send("q")
            try session.send("q")
            #expect(try await session.waitForExit(timeout: .seconds(20)) == 0)
        }
    }
}
