import AsyncJobs
import Foundation
import Testing

/// `ajc task cron …`: schedules, and schedulers electing a leader in separate processes.
@Suite struct CronCommandTests {
    @Test func schedulesAreAddedListedViewedAndRemoved() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "REPORTS")
        let added = try await ajc.ok("task", "cron", "add", "nightly", "0 2 * * *", "report:build", "-q", "REPORTS",
                                     "--payload", #"{"a":1}"#, "--deadline", "1h", "--tries", "3", "--tz", "Europe/Paris",
                                     "--missed", "skip")
        #expect(added.hasPrefix("Scheduled nightly: 0 2 * * * (Europe/Paris), next fire "), "\(added)")
        // asyncjobs' aliases and its @-less descriptors.
        try await ajc.ok("t", "c", "new", "ticker", "every 5m", "tick")
        let listed = try await ajc.ok("task", "cron", "ls")
        #expect(listed.contains("nightly") && listed.contains("Europe/Paris") && listed.contains("@every 5m"), "\(listed)")
        #expect(listed.contains("Leader: none"), "\(listed)")
        #expect(try await ajc.ok("task", "cron", "ls", "--names") == "nightly\nticker\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try await ajc.ok("t", "c", "view", "nightly", "-j").utf8))
                                as? [String: Any])
        #expect(json["task_type"] as? String == "report:build")
        #expect(json["payload"] as? String == Data(#"{"a":1}"#.utf8).base64EncodedString())
        #expect(json["deadline"] as? Int == 3_600_000_000_000)
        #expect(json["max_tries"] as? Int == 3)
        #expect(json["time_zone"] as? String == "Europe/Paris")
        #expect(json["missed_fires"] as? String == "skip")
        #expect(json["next_fire"] as? String != nil)
        let view = try await ajc.ok("task", "cron", "view", "nightly")
        #expect(view.contains("Time zone     Europe/Paris"), "\(view)")
        try await ajc.ok("task", "cron", "rm", "nightly", "-f")
        #expect(try await ajc.ok("task", "cron", "ls", "--names") == "ticker\n")
    }

    @Test func badSchedulesFailAndChangeNothing() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("task", "cron", "add", "taken", "@daily", "t")
        let before = try await ajc.dump()
        for (arguments, status, message) in [
            (["task", "cron", "add", "x", "61 * * * *", "t"], Int32(1), "minute field \"61\" is out of range 0-59"),
            (["task", "cron", "add", "x", "@daily", "t", "--tz", "Mars/Olympus"], 1, "unknown time zone"),
            (["task", "cron", "add", "x", "@daily", "t", "--deadline", "10s"], 1, "at least 30s"),
            (["task", "cron", "add", "x", "@daily", "t", "-q", "NOPE"], 1, "queue NOPE not found"),
            (["task", "cron", "add", "taken", "@daily", "t"], 1, "schedule taken already exists"),
            (["task", "cron", "add", "x", "@daily", "t", "--missed", "never"], 2, "--missed"),
            (["task", "cron", "view", "nope"], 1, "schedule nope not found"),
            (["task", "cron", "rm", "taken"], 1, "stdin is not a terminal"),
        ] {
            let result = try await ajc.run(arguments, input: Data())
            #expect(result.status == status, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result)")
        }
        #expect(try await ajc.dump() == before)
    }

    /// Three schedulers for one every-second schedule; the leader is killed with SIGKILL after a few fires.
    /// Every fire makes one task (a task id carries its fire's second, so two tasks for one fire would share
    /// it), no task is made later than the lease after its fire, and the time without fires beyond the
    /// schedule's own interval (the gap between two tasks less one second) is never longer than the lease.
    @Test func threeSchedulersSurviveTheLeadersDeathWithoutDuplicateOrLongGap() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("task", "cron", "add", "tick", "@every 1s", "tick")
        let lease = 2.0
        let schedulers = try (1...3).map { try ajc.start(["task", "cron", "scheduler", "s\($0)", "--lease", "2s"]) }
        defer { for scheduler in schedulers { scheduler.signal(SIGKILL) } }
        func tasks() async throws -> [[String: Any]] {
            try #require(try JSONSerialization.jsonObject(with: Data(try await ajc.ok("task", "ls", "--limit", "1000", "--json").utf8))
                         as? [[String: Any]])
        }
        try await AJCProcess.poll("four fires", timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await tasks().count).map { $0 >= 4 ? nil : "\($0) fires" } ?? "no listing"
        }
        let view = try await ajc.ok("task", "cron", "view", "tick")
        let leaderLine = try #require(view.split(separator: "\n").first { $0.hasPrefix("Leader") })
        let leader = try #require(schedulers.first { leaderLine.contains(":\($0.pid) (term") }, "\(view)")
        let killedAt = Date()
        await leader.killHard()
        try await Task.sleep(for: .seconds(8))
        for scheduler in schedulers where scheduler !== leader {
            scheduler.signal(SIGTERM)
            #expect(try await scheduler.finish().status == 0)
        }
        let made = try await tasks()
        let created = made.compactMap { ($0["created"] as? String).flatMap(Self.date) }.sorted()
        let fires = try made.map { task in
            let id = try #require(task["id"] as? String)
            let slot = try #require(KSUID.timestamp(of: id))
            let made = try #require((task["created"] as? String).flatMap(Self.date))
            return (slot: slot, lateness: made.timeIntervalSince(slot.date))
        }
        #expect(Set(fires.map(\.slot)).count == fires.count, "two tasks for one fire: \(fires.map(\.slot))")
        let latest = try #require(fires.map(\.lateness).max())
        // A quarter second of slack for process scheduling on a loaded machine.
        #expect(latest <= lease + 0.25, "a fire made \(latest) s late with a \(lease) s lease")
        let gaps = zip(created, created.dropFirst()).map { $1.timeIntervalSince($0) }
        let longest = try #require(gaps.max())
        #expect(longest - 1 <= lease + 0.25, "longest gap \(longest) s with a \(lease) s lease: \(gaps)")
        #expect(created.contains { $0 > killedAt.addingTimeInterval(lease + 1) }, "fires went on after the kill")
        print("three schedulers, leader SIGKILLed: \(created.count) tasks, one per fire; latest fire made "
              + "\(String(format: "%.2f", latest)) s late; longest gap \(String(format: "%.2f", longest)) s "
              + "(no fire for \(String(format: "%.2f", longest - 1)) s beyond the 1 s interval), lease \(lease) s")
    }

    @Test func aWorkerPoolCanCarryTheScheduler() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "cron", "add", "tick", "@every 1s", "tick", "-q", "W", "--payload", "as-given")
        let worker = try ajc.start(["task", "process", "tick", "W", "1", "cat \"$AJ_TASK_FILE\" >/dev/null; echo done", "--scheduler"])
        defer { worker.signal(SIGKILL) }
        try await AJCProcess.poll("a scheduled task to complete", timeout: .seconds(60), every: .milliseconds(200)) {
            let listed = try await ajc.ok("task", "ls", "-q", "W", "--state", "complete", "--json")
            let tasks = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]] ?? []
            guard let first = tasks.first else { return "none complete yet" }
            // The payload is the bytes scheduled, not a base64 string of them encoded again.
            return first["payload"] as? String == Data("as-given".utf8).base64EncodedString() ? nil : "\(first)"
        }
        worker.signal(SIGTERM)
        #expect(try await worker.finish().status == 0)
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
