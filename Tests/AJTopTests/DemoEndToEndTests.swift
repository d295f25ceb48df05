import AsyncJobsTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `ajtop --demo` and the embedding example, as a newcomer runs them: the real binaries in tmux against a
/// temporary store, checked through `ajc --json`.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
final class DemoEndToEndTests {
    let store: ScratchStore
    var path: String { store.path }

    init() throws {
        store = try ScratchStore("ajtop-demo")
    }

    /// `ajc --store <the store> arguments… --json`, parsed.
    func ajcJSON(_ arguments: String...) async throws -> Any { try await store.ajcJSON(arguments) }

    /// Tasks per state over every queue, from `ajc queue ls --json`.
    func counts() async throws -> [String: Int] {
        let queues = try await ajcJSON("queue", "ls") as? [[String: Any]] ?? []
        var total: [String: Int] = [:]
        for queue in queues {
            for (state, count) in queue["counts"] as? [String: Int] ?? [:] { total[state, default: 0] += count }
        }
        return total
    }

    // The long waits are `Task.sleep`, not `Thread.sleep`: a test blocking one of the few cooperative
    // threads for seconds would starve the other suites running beside it.
    @Test func demoShowsEveryOutcomeWithinTwentySecondsAndWDrainsThePool() async throws {
        let started = ContinuousClock.now
        let session = try TmuxSession([Binaries.path("ajtop"), "--demo", "--store", path], width: 120, height: 36)
        defer { session.close() }
        // The first frame on a machine busy with the rest of the suite; the 20 s of the name count from `started`.
        try await session.waitFor(text: "pool running", timeout: .seconds(20))
        try await session.waitFor("the demo queues") { screen in
            ["emails", "thumbnails", "reports"].allSatisfy { name in screen.contains { $0.dropFirst().hasPrefix(name + " ") } }
        }

        // Twenty seconds of demo, as a newcomer would watch it.
        try await Task.sleep(until: started + .seconds(20))
        let after20 = try await counts()
        let retriedOrExpired = after20["retry", default: 0] + after20["expired", default: 0]
        print("demo after 20 s: complete \(after20["complete", default: 0]), terminated \(after20["terminated", default: 0]), "
              + "retry \(after20["retry", default: 0]), expired \(after20["expired", default: 0]), active \(after20["active", default: 0])")
        #expect(after20["complete", default: 0] >= 20)
        #expect(after20["terminated", default: 0] >= 1)
        #expect(retriedOrExpired >= 1)
        // By then the home screen has emails' completion rate and its 95th-percentile wait.
        try await session.waitFor("emails' rate and P95WAIT", timeout: .seconds(5)) { screen in
            screen.contains { $0.hasPrefix("▶emails") && $0.range(of: #"[0-9]/s +[0-9][0-9.]*(µs|ms|s|m[0-9]{2}s) +\S+$"#,
                                                               options: .regularExpression) != nil }
        }

        // The demo's retries come due within seconds: a queue's retry chart spans the next minute.
        try session.send("Enter")
        try await session.waitFor("a minute-wide retry chart", timeout: .seconds(20)) { screen in
            screen.contains { $0.hasPrefix("Retries due in the next minute: ") }
                && screen.contains { $0.hasPrefix("now") && $0.hasSuffix("+60s") }
        }
        // h: the queue's latency table has figures for the last five minutes.
        try session.send("h")
        try await session.waitFor("the demo's latency", timeout: .seconds(5)) { screen in
            screen.contains { $0.range(of: #"^ all types +5m +[0-9]"#, options: .regularExpression) != nil }
        }
        try session.send("Escape")
        try session.send("Escape")

        // The Workers screen shows busy slots with their tasks.
        try session.send("2")
        try await session.waitFor(text: "Local worker pool  running")
        let demoSlot = #"^[ ▶](emails|thumbnails|reports) +\d+ \S{20,} +(email|image|report):\S* +\d+ +\d+\.\ds .* [456]s ▶ running$"#
        try await session.waitFor("a busy demo slot") { screen in
            screen.contains { $0.range(of: demoSlot, options: .regularExpression) != nil }
        }

        // w drains: running attempts finish (the longest demo MaxRunTime is 6 s), then nothing completes.
        try session.send("w")
        try await session.waitFor(text: "pool draining")
        try await session.waitFor(text: "pool stopped", timeout: .seconds(15))
        let drained = try await counts()
        #expect(drained["active", default: 0] == 0)
        try await Task.sleep(for: .seconds(3))
        let later = try await counts()
        #expect(later["complete"] == drained["complete"])
        #expect(later["active", default: 0] == 0)

        // w starts it again.
        try session.send("w")
        try await session.waitFor(text: "pool running")
        try session.send("q")
        try session.send("q")
        #expect(try await session.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func embeddedWorkerRunsItsOwnHandlersUnderTheDashboard() async throws {
        let session = try TmuxSession([Binaries.path("example-embedded-worker"), path], width: 120, height: 36)
        defer { session.close() }
        try await session.waitFor(text: "greetings")
        let add = try await Binaries.run("ajc", ["--store", path, "task", "add", "greeting:hello",
                                            #"{"name":"Ada","delay_ms":3000}"#, "-q", "greetings", "--id", "hello-ada"])
        #expect(add.status == 0)
        try session.send("2")
        try await session.waitFor("the task in a slot") { screen in
            screen.contains { $0.contains("hello-ada") && $0.contains("greeting:hello") && $0.contains("▶ running") }
        }
        let deadline = ContinuousClock.now + .seconds(10)
        var task: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            task = try await ajcJSON("task", "view", "hello-ada") as? [String: Any] ?? [:]
            if task["state"] as? String == "complete" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(task["state"] as? String == "complete")
        let result = (task["result"] as? [String: Any])?["payload"] as? [String: Any]
        #expect(result?["greeting"] as? String == "Hello, Ada!")
        try await session.waitFor(text: "✓ 1")
        try session.send("q")
        try session.send("q")
        #expect(try await session.waitForExit() == 0)
    }

    @Test func shellCommandHandlersRunUnderTheDashboard() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--workers", "2",
                                       "--handler", "echo:=cat >/dev/null; echo '{\"echoed\":true}'",
                                       "--handler", "=echo 'cannot handle this' >&2; exit 64"],
                                      width: 120, height: 36)
        defer { session.close() }
        try await session.waitFor(text: "pool running 0/2")
        #expect(try await Binaries.run("ajc", ["--store", path, "task", "add", "echo:hi", "--id", "echo-1"]).status == 0)
        #expect(try await Binaries.run("ajc", ["--store", path, "task", "add", "other", "--id", "other-1"]).status == 0)
        try session.send("2")
        try await session.waitFor("both outcomes on the Workers screen") { screen in
            screen.contains { $0.hasPrefix("Local worker pool") && $0.contains("✓ 1") && $0.contains("⊘ 1") }
        }
        let echo = try await ajcJSON("task", "view", "echo-1") as? [String: Any]
        #expect(echo?["state"] as? String == "complete")
        #expect(((echo?["result"] as? [String: Any])?["payload"] as? [String: Any])?["echoed"] as? Bool == true)
        let other = try await ajcJSON("task", "view", "other-1") as? [String: Any]
        #expect(other?["state"] as? String == "terminated")
        #expect(other?["last_err"] as? String == "cannot handle this")
        try session.send("C-c")
        #expect(try await session.waitForExit() == 0)
    }

    /// A loopback port free a moment ago (the system's pick for a socket bound to port 0).
    func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TmuxSession.Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func theDashboardsPoolServesMetricsWithMonitor() async throws {
        let port = try freePort()
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--workers", "2",
                                       "--handler", "echo:=echo done", "--monitor", "\(port)"],
                                      width: 120, height: 36)
        defer { session.close() }
        try await session.waitFor(text: "pool running 0/2")
        #expect(try await Binaries.run("ajc", ["--store", path, "task", "add", "echo:hi", "--id", "echo-1"]).status == 0)
        let expected = #"choria_asyncjobs_task_update_total{state="complete"} 1"#
        var text = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, !text.contains(expected) {
            try await Task.sleep(for: .milliseconds(200))
            let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
            text = String(decoding: data, as: UTF8.self)
        }
        #expect(text.contains(expected), "\(text)")
        #expect(text.contains(#"choria_asyncjobs_handler_runtime_count{queue="DEFAULT",type="echo:hi"} 1"#))
        #expect(text.contains(#"choria_asyncjobs_queue_tasks{queue="DEFAULT",state="complete"} 1.0"#))
        try session.send("C-c")
        #expect(try await session.waitForExit() == 0)
    }
}
