import AsyncJobsTesting
import Foundation
import Testing

/// asyncjobs' `ajc` command tree, aliases, flags, limits and environment, through the real binary.
@Suite struct AsyncjobsDialectTests {
    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    func list(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }

    /// Every asyncjobs alias (and name of ours) of every command path, with the path its help names.
    static let aliases: [([String], String)] = [
        (["q", "ls"], "queue ls"), (["queues", "list"], "queue ls"), (["queue", "list"], "queue ls"),
        (["q", "new"], "queue add"), (["q", "n"], "queue add"), (["q", "a"], "queue add"),
        (["q", "view"], "queue info"), (["q", "i"], "queue info"),
        (["q", "config"], "queue configure"), (["q", "cfg"], "queue configure"),
        (["q", "delete"], "queue rm"), (["queues", "purge"], "queue purge"),
        (["t", "ls"], "task ls"), (["tasks", "list"], "task ls"),
        (["t", "new"], "task add"), (["t", "a"], "task add"), (["tasks", "enqueue"], "task add"),
        (["t", "show"], "task view"), (["t", "v"], "task view"), (["t", "info"], "task view"), (["t", "i"], "task view"),
        (["t", "delete"], "task rm"), (["t", "del"], "task rm"),
        (["t", "config"], "task configure"), (["t", "cfg"], "task configure"),
        (["tasks", "purge"], "task purge"), (["tasks", "initialize"], "task initialize"),
        (["tasks", "retry"], "task retry"), (["tasks", "watch"], "task watch"), (["tasks", "process"], "task process"),
        (["t", "c", "new"], "task cron add"), (["t", "cron", "a"], "task cron add"),
        (["t", "c", "show"], "task cron view"), (["t", "c", "v"], "task cron view"),
        (["t", "c", "del"], "task cron delete"), (["t", "c", "rm"], "task cron delete"),
        (["t", "c", "ls"], "task cron list"), (["t", "c", "scheduler"], "task cron scheduler"),
        (["server", "run"], "server run"), (["pkg", "docker"], "package docker"), (["info"], "info"),
    ]

    @Test(arguments: aliases)
    func everyAliasReachesItsCommand(alias: [String], path: String) async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc.run(alias + ["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("USAGE: ajc \(path)"), "\(result)")
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(result.stdout)")
    }

    @Test func queuesUnderAsyncjobsNamesAndFlags() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        #expect(try await ajc.ok("q", "new", "EMAIL", "--age", "1h", "--entries", "7", "--tries", "3",
                                 "--run-time", "5s", "--concurrent", "4", "--discard-old") == "Created queue EMAIL\n")
        var queue = try json(try await ajc.ok("queues", "info", "EMAIL", "-j"))
        #expect(queue["max_age"] as? Int == 3_600_000_000_000)
        #expect(queue["max_entries"] as? Int == 7 && queue["max_tries"] as? Int == 3)
        #expect(queue["max_runtime"] as? Int == 5_000_000_000 && queue["max_concurrent"] as? Int == 4)
        #expect(queue["discard_old"] as? Bool == true)
        // asyncjobs' `queue configure --age 10m` used to be "nothing to change".
        try await ajc.ok("q", "cfg", "EMAIL", "--age", "10m")
        queue = try json(try await ajc.ok("q", "i", "EMAIL", "--json"))
        #expect(queue["max_age"] as? Int == 600_000_000_000 && queue["max_tries"] as? Int == 3)
        try await ajc.ok("queue", "config", "EMAIL", "--age", "0", "--tries", "0")
        queue = try json(try await ajc.ok("q", "view", "EMAIL", "-j"))
        #expect(queue["max_age"] as? Int == 0)
        #expect(queue["max_tries"] as? Int == -1, "--tries 0 is unlimited, as in asyncjobs")
        #expect(try list(try await ajc.ok("queues", "list", "-j")).map { $0["name"] as? String } == ["EMAIL"])
        // --age and --max-age are one setting: the same value twice is fine, two values are bad usage.
        try await ajc.ok("q", "add", "BULK", "--age", "3m", "--max-age", "3m")
        let twice = try await ajc("q", "add", "OTHER", "--age", "3m", "--max-age", "4m")
        #expect(twice.status == 2 && twice.stderr.contains("--age and --max-age are the same setting"), "\(twice)")
        // A leading --store finds the store through the aliases too.
        let elsewhere = ajc.folder.appendingPathComponent("elsewhere.sqlite").path
        try await ajc.ok("--store", elsewhere, "q", "n", "ELSEWHERE")
        #expect(try await ajc.ok("--store", elsewhere, "queues", "ls", "-j").contains("ELSEWHERE"))
        #expect(try await ajc.ok("queues", "delete", "BULK", "-f") == "Removed queue BULK\n")
    }

    @Test func tasksUnderAsyncjobsNamesAndFlags() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("q", "add", "Q")
        #expect(try await ajc.ok("t", "new", "a", "one", "-q", "Q", "--id", "t1") == "Enqueued task t1\n")
        try await ajc.ok("tasks", "enqueue", "a", "two", "-q", "Q", "--id", "t2")
        try await ajc.ok("task", "a", "a", "three", "--queue", "Q", "--id", "t3")
        for view in [["t", "show", "t1", "-j"], ["t", "v", "t1", "-j"], ["t", "info", "t1", "--json"], ["t", "i", "t1", "-j"]] {
            #expect(try json(try await ajc.run(view).stdout)["id"] as? String == "t1", "\(view)")
        }
        #expect(try await ajc.ok("t", "v", "t1").contains("Payload     one"))
        #expect(try list(try await ajc.ok("tasks", "list", "-j")).map { $0["id"] as? String } == ["t3", "t2", "t1"])
        #expect(try await ajc.ok("t", "del", "t1", "-f") == "Deleted task t1\n")
        try await ajc.ok("t", "delete", "t2", "-f")
        try await ajc.ok("task", "terminate", "t3")
        // retry -q retries the task in that queue, moving it there as asyncjobs does; without -q it stays.
        let missing = try await ajc("tasks", "retry", "t3", "-q", "ELSEWHERE")
        #expect(missing.status == 1 && missing.stderr.hasPrefix("ajc: queue ELSEWHERE not found"), "\(missing)")
        #expect(try await ajc.task("t3")["state"] as? String == "terminated")
        try await ajc.ok("q", "add", "ELSEWHERE")
        #expect(try await ajc.ok("tasks", "retry", "t3", "-q", "ELSEWHERE") == "Retrying task t3 in queue ELSEWHERE: it is runnable now\n")
        var moved = try await ajc.task("t3")
        #expect(moved["state"] as? String == "retry" && moved["queue"] as? String == "ELSEWHERE", "\(moved)")
        try await ajc.ok("task", "terminate", "t3")
        #expect(try await ajc.ok("t", "retry", "t3") == "Retrying task t3: it is runnable now\n")
        moved = try await ajc.task("t3")
        #expect(moved["queue"] as? String == "ELSEWHERE", "without -q it stays where it is")
        let counts = try json(try await ajc.ok("q", "info", "ELSEWHERE", "-j"))["counts"] as? [String: Int]
        #expect(counts?["retry"] == 1, "\(String(describing: counts))")
    }

    @Test func taskListTakesAsyncjobsPositionalLimitAndItsDefaultOf200() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("task", "import", "--type", "n", "-", input: (1...201).map(String.init).joined(separator: "\n"))
        let all = try await ajc.ok("tasks", "list")
        #expect(all.split(separator: "\n").count == 1 + 200 + 1, "a title, 200 rows and the footer")
        #expect(all.hasSuffix("(200 of 201 tasks; --limit N shows more)\n"))
        #expect(try list(try await ajc.ok("t", "ls", "5", "-j")).count == 5)
        #expect(try list(try await ajc.ok("t", "ls", "--limit", "6", "-j")).count == 6)
        #expect(try list(try await ajc.ok("t", "ls", "7", "--limit", "7", "-j")).count == 7)
        for (arguments, message) in [(["t", "ls", "5", "--limit", "6"], "the limit was given twice (5 and --limit 6)"),
                                     (["t", "ls", "0"], "LIMIT must be at least 1, got 0"),
                                     (["t", "ls", "many"], "'many' is invalid for '<limit>'")] {
            let result = try await ajc.run(arguments)
            #expect(result.status == 2 && result.stderr.contains(message), "\(result)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func taskPurgeDeletesEveryTaskOfEveryQueueAndKeepsTheQueues() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("q", "add", "A")
        try await ajc.ok("q", "add", "B")
        try await ajc.ok("t", "add", "x", "-q", "A", "--id", "a1")
        try await ajc.ok("t", "add", "x", "-q", "B", "--id", "b1")
        try await ajc.ok("t", "terminate", "b1")
        let before = try await ajc.dump()
        let refused = try await ajc("tasks", "purge")
        #expect(refused.status == 1 && refused.stderr.contains("refusing a destructive action without -f"), "\(refused)")
        #expect(try await ajc.dump() == before)
        #expect(try await ajc.ok("tasks", "purge", "-f") == "Purged 2 tasks\n")
        #expect(try await ajc.ok("t", "ls", "-j") == "[]\n")
        #expect(try list(try await ajc.ok("q", "ls", "-j")).map { $0["name"] as? String } == ["A", "B"])
    }

    /// asyncjobs' limits, with its meaning: 0 or at least 2 minutes of age, 1 second of run time, at
    /// most 10000 concurrent; a refused setting changes nothing.
    @Test(arguments: [
        (["--age", "1m"], "max age must be 0 (keep waiting tasks forever) or at least 2m0s, got 1m0s"),
        (["--max-age", "119s"], "max age must be 0 (keep waiting tasks forever) or at least 2m0s, got 1m59s"),
        (["--run-time", "999ms"], "run time must be at least 1s, got 999ms"),
        (["--concurrent", "10001"], "max concurrent must be at most 10000, got 10001"),
    ])
    func asyncjobsLimitsAreEnforced(setting: [String], message: String) async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("q", "add", "Q")
        let before = try await ajc.dump()
        for command in [["q", "add", "NEW"], ["q", "configure", "Q"]] {
            let result = try await ajc.run(command + setting)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "ajc: \(message)\n", "\(result)")
        }
        #expect(try await ajc.dump() == before)
    }

    @Test func theLimitsThemselvesAreAllowed() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("q", "add", "Q", "--age", "2m", "--run-time", "1s", "--concurrent", "10000")
        let queue = try json(try await ajc.ok("q", "info", "Q", "-j"))
        #expect(queue["max_age"] as? Int == 120_000_000_000 && queue["max_runtime"] as? Int == 1_000_000_000)
        #expect(queue["max_concurrent"] as? Int == 10000)
        try await ajc.ok("q", "configure", "Q", "--age", "0")
    }

    /// Commands and flags that need JetStream or a feature not built yet: exit 1 with one honest line,
    /// before the store is even opened.
    @Test(arguments: [
        (["q", "add", "Q", "--memory"], "--memory applies only to the JetStream store; this store is SQLite"),
        (["q", "add", "Q", "--replicas", "3"], "--replicas applies only to the JetStream store; this store is SQLite"),
        (["q", "configure", "Q", "--replicas", "3"], "--replicas applies only to the JetStream store"),
        (["info", "-R", "3"], "-R/--replica applies only to the JetStream store"),
        (["info", "--memory"], "--memory applies only to the JetStream store"),
        (["info", "--retention", "1h"], "--retention applies only to the JetStream store"),
        (["tasks", "initialize", "--memory", "--retention", "1h", "--replicas", "1"], "task initialize applies only to the JetStream store; this store is SQLite (its tables are created on first use"),
        (["t", "configure", "1h"], "task retention is not supported by this version yet"),
        (["t", "configure", "1h", "3"], "REPLICAS applies only to the JetStream store"),
        (["t", "process", "x", "Q", "1", "--remote"], "--remote applies only to the JetStream store"),
        (["package", "docker", "--file", "x.yaml"], "ajc package docker generates a Go worker"),
    ])
    func unsupportedFormsFailWithOneHonestLine(arguments: [String], message: String) async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc.run(arguments)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("ajc: " + message), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: ajc.storePath), "nothing was opened or created")
    }

    @Test func versionAndDebugAnywhereAndFromTheEnvironment() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let version = try await ajc("--version")
        #expect(version.status == 0 && version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version)")
        let quiet = try await ajc("q", "ls")
        #expect(quiet.stderr.isEmpty)
        for debug in [try await ajc("--debug", "q", "ls"), try await ajc("q", "ls", "--debug"),
                      try await ajc.run(["q", "ls"], environment: ["AJC_DEBUG": "true"])] {
            #expect(debug.status == 0 && debug.stdout == quiet.stdout, "\(debug)")
            #expect(debug.stderr == "ajc: debug: opening the SQLite store at \(ajc.storePath)\n", "\(debug)")
        }
        #expect(try await ajc.run(["q", "ls"], environment: ["AJC_DEBUG": "0"]).stderr.isEmpty)
        let bad = try await ajc.run(["q", "ls"], environment: ["AJC_DEBUG": "loud"])
        #expect(bad.status == 2 && bad.stderr.hasPrefix("ajc: AJC_DEBUG must be true or false (or 1 or 0), got 'loud'"), "\(bad)")
        // After `--`, "--debug" is a value: here the task's payload.
        try await ajc.ok("t", "add", "x", "--id", "d1", "--", "--debug")
        #expect(try await ajc.ok("t", "v", "d1").contains("Payload     --debug"))
    }

    /// A handler script written for asyncjobs, started the asyncjobs way (arguments from AJC_*), runs
    /// unchanged: the task in $CHORIA_AJ_TASK, combined output as the result, any failure retried.
    @Test func processRunsAnAsyncjobsHandlerUnchangedFromAJCEnvironment() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let script = ajc.folder.appendingPathComponent("asyncjobs-handler")
        try ExecutableScript.write("""
            #!/bin/sh
            id=$(sed 's/.*"id":"\\([^"]*\\)".*/\\1/' "$CHORIA_AJ_TASK")
            case "$id" in
              ok-*) echo "working on $id" >&2; echo "done $id" ;;
              *) echo "cannot do $id"; exit 64 ;;
            esac
            """, to: script)
        try await ajc.ok("q", "add", "W")
        try await ajc.ok("t", "add", "job", "{}", "-q", "W", "--id", "ok-1")
        try await ajc.ok("t", "add", "job", "{}", "-q", "W", "--id", "bad-1")
        let worker = try ajc.start(["tasks", "process", "--backoff", "1m"], environment: [
            "AJC_TYPE": "job", "AJC_QUEUE": "W", "AJC_CONCURRENCY": "2", "AJC_COMMAND": script.path,
        ])
        let ok = try await ajc.waitForTask("ok-1", "complete") { $0["state"] as? String == "complete" }
        #expect((ok["result"] as? [String: Any])?["payload"] as? String == "working on ok-1\ndone ok-1")
        // asyncjobs retries every failure: 64 does not terminate an asyncjobs-style handler.
        let bad = try await ajc.waitForTask("bad-1", "retry") { $0["state"] as? String == "retry" }
        #expect(bad["last_err"] as? String == "exit status 64: cannot do bad-1")
        worker.signal(SIGTERM)
        let exit = try await worker.finish()
        #expect(exit.status == 0, "\(exit)")
        #expect(exit.stderr.contains("Running \(script.path) directly, as asyncjobs does"), "\(exit)")
    }

    /// `--discard-complete` and `--discard-expired` delete what this worker ended in those states; other
    /// outcomes, and tasks finished elsewhere, stay.
    @Test func processDiscardsTheTasksItCompletesAndExpires() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("q", "add", "W")
        try await ajc.ok("t", "add", "ok", "-q", "W", "--id", "ok-1")
        try await ajc.ok("t", "add", "fail", "-q", "W", "--id", "fail-1", "--tries", "1")
        try await ajc.ok("t", "add", "stop", "-q", "W", "--id", "stop-1")
        try await ajc.ok("t", "add", "other", "-q", "W", "--id", "elsewhere")
        try await ajc.ok("t", "terminate", "elsewhere")
        let handler = #"case "$AJ_TASK_TYPE" in ok) echo done ;; fail) echo broken >&2; exit 3 ;; *) echo no >&2; exit 64 ;; esac"#
        let worker = try ajc.start(["t", "process", "", "W", "2", handler, "--discard-complete", "--discard-expired"])
        try await ajc.waitForTask("stop-1", "terminated") { $0["state"] as? String == "terminated" }
        try await AJCProcess.poll("the complete and expired tasks to be deleted", timeout: .seconds(30), every: .milliseconds(100)) {
            let ids = try list(try await ajc.ok("t", "ls", "-q", "W", "-j")).compactMap { $0["id"] as? String }
            return Set(ids) == ["stop-1", "elsewhere"] ? nil : "\(ids)"
        }
        worker.signal(SIGTERM)
        let exit = try await worker.finish()
        #expect(exit.status == 0, "\(exit)")
        #expect(try await ajc("t", "view", "ok-1").stderr.hasPrefix("ajc: task ok-1 not found"))
    }

    @Test func processArgumentsMissingFromLineAndEnvironmentAreBadUsage() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        for (arguments, environment, message) in [
            (["t", "process", "x", "Q"], ["AJC_CONCURRENCY": "2"], "Missing expected argument '<command>' (or set AJC_COMMAND)"),
            (["t", "process"], [:], "Missing expected argument '<type>' (or set AJC_TYPE)"),
            (["t", "process", "x", "Q"], ["AJC_CONCURRENCY": "lots", "AJC_COMMAND": "true"], "AJC_CONCURRENCY must be a number, got 'lots'"),
            (["t", "process", "x", "Q"], ["AJC_CONCURRENCY": "0", "AJC_COMMAND": "true"], "CONCURRENCY must be at least 1, got 0"),
            (["t", "process", "x", "Q", "1", "true", "--backoff", "weekly"], [:], "The value 'weekly' is invalid for '--"),
        ] as [([String], [String: String], String)] {
            let result = try await ajc.run(arguments, environment: environment)
            #expect(result.status == 2 && result.stderr.hasPrefix("ajc: \(message)"), "\(result)")
        }
    }
}
