import Foundation
import Testing

/// `ajc task add/import/ls/view/retry/terminate/rm` through the binary, every flag.
@Suite struct TaskCommandTests {
    /// The id in "Enqueued task <id>".
    func enqueuedID(_ output: String) -> String {
        String(output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").last ?? "")
    }

    @Test func addStoresThePayloadBytesAndEveryOption() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "EMAIL")
        let out = try await ajc.ok("task", "add", "email:new", #"{"to":"a@b.c"}"#, "-q", "EMAIL",
                                   "--deadline", "1h", "--tries", "3", "--id", "mail-1")
        #expect(out == "Enqueued task mail-1\n")
        let task = try await ajc.task("mail-1")
        #expect(task["type"] as? String == "email:new")
        #expect(task["queue"] as? String == "EMAIL")
        #expect(task["payload"] as? String == Data(#"{"to":"a@b.c"}"#.utf8).base64EncodedString())
        #expect(task["max_tries"] as? Int == 3)
        #expect(task["state"] as? String == "new")
        #expect(task["tries"] as? Int == 0)
        #expect((task["attempts"] as? [Any])?.isEmpty == true)
        let deadline = try #require(task["deadline"] as? String)
        let created = try #require(task["created"] as? String)
        #expect(deadline > created)
    }

    @Test func addReadsThePayloadFromStdinAndDefaultsToTheDefaultQueue() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let id = enqueuedID(try await ajc.ok("task", "add", "blob", "-", input: "line one\nline two\n"))
        #expect(id.count == 27, "a KSUID")
        let task = try await ajc.task(id)
        #expect(task["payload"] as? String == Data("line one\nline two\n".utf8).base64EncodedString())
        #expect(task["queue"] as? String == "DEFAULT")
        #expect(task["max_tries"] as? Int == 10)
        let noPayload = try await ajc.task(enqueuedID(try await ajc.ok("task", "add", "ping")))
        #expect(noPayload["payload"] is NSNull)
    }

    @Test func lsFiltersByQueueStateAndTypeNewestFirstWithALimit() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "A")
        try await ajc.ok("queue", "add", "B")
        for (id, type, queue) in [("a1", "x", "A"), ("a2", "y", "A"), ("a3", "x", "A"), ("b1", "x", "B")] {
            try await ajc.ok("task", "add", type, "-q", queue, "--id", id)
        }
        try await ajc.ok("task", "terminate", "a2")
        func ids(_ arguments: String...) async throws -> [String] {
            let text = try await ajc.run(["task", "ls", "--json"] + arguments).stdout
            let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
            return list.compactMap { $0["id"] as? String }
        }
        #expect(try await ids() == ["b1", "a3", "a2", "a1"])
        #expect(try await ids("-q", "A") == ["a3", "a2", "a1"])
        #expect(try await ids("--queue", "A", "--type", "x") == ["a3", "a1"])
        #expect(try await ids("--state", "terminated") == ["a2"])
        #expect(try await ids("--state", "new", "--state", "terminated", "-q", "A") == ["a3", "a2", "a1"])
        #expect(try await ids("--limit", "2") == ["b1", "a3"])
        #expect(try await ids("--type", "nothing-like-this") == [])

        let table = try await ajc.ok("task", "ls")
        let lines = table.split(separator: "\n")
        #expect(lines.count == 5 && lines[0].hasPrefix("ID"))
        #expect(lines[3].hasPrefix("a2") && lines[3].contains("terminated"))
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(try await ajc.ok("task", "ls", "--type", "zzz") == "No tasks\n")
        let page = try await ajc.ok("task", "ls", "--limit", "2")
        #expect(page.hasSuffix("\n(2 of 4 tasks; --limit N shows more)\n"), "\(page)")
        #expect(!table.contains("--limit N shows more"))
    }

    @Test func viewShowsTheTaskAsTextAndAsJSONWithAttempts() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("task", "add", "greet", "hello", "--id", "t1")
        let text = try await ajc.ok("task", "view", "t1")
        #expect(text.contains("ID          t1"))
        #expect(text.contains("State       new"))
        #expect(text.contains("Payload     hello"))
        let json = try await ajc.task("t1")
        #expect(Set(json.keys).isSuperset(of: ["id", "type", "queue", "payload", "state", "created", "tries", "attempts"]))
    }

    @Test func retryTerminateAndRemove() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("task", "add", "t", "--id", "t1")
        #expect(try await ajc.ok("task", "terminate", "t1") == "Terminated task t1\n")
        #expect(try await ajc.task("t1")["state"] as? String == "terminated")
        #expect(try await ajc.ok("task", "retry", "t1") == "Retrying task t1: it is runnable now\n")
        let retried = try await ajc.task("t1")
        #expect(retried["state"] as? String == "retry" && retried["tries"] as? Int == 0)
        let queue = try await ajc.ok("queue", "info", "DEFAULT", "--json")
        #expect(queue.contains(#""ready":1"#), "runnable now: \(queue)")
        #expect(try await ajc.ok("task", "rm", "t1", "-f") == "Deleted task t1\n")
        let gone = try await ajc("task", "view", "t1")
        #expect(gone.status == 1 && gone.stderr.hasPrefix("ajc: task t1 not found"))
    }

    @Test func importWithATypeMakesOneTaskPerLine() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "NUMBERS")
        let file = ajc.folder.appendingPathComponent("numbers.txt")
        try Data((1...500).map(String.init).joined(separator: "\n").utf8).write(to: file)
        #expect(try await ajc.ok("task", "import", "--type", "number", "-q", "NUMBERS", file.path) == "Enqueued 500 tasks\n")
        let counts = try JSONSerialization.jsonObject(with: Data(try await ajc.ok("queue", "info", "NUMBERS", "--json").utf8)) as? [String: Any]
        #expect((counts?["counts"] as? [String: Int])?["new"] == 500)
    }

    @Test func importReadsJSONObjectsFromStdin() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let lines = """
            {"type": "email", "payload": {"to": "a@b.c"}, "id": "m1", "max_tries": 2, "deadline": "10m"}
            {"type": "sms", "payload": "hi"}
            """
        #expect(try await ajc.ok("task", "import", "-", input: lines) == "Enqueued 2 tasks\n")
        let task = try await ajc.task("m1")
        #expect(task["type"] as? String == "email" && task["max_tries"] as? Int == 2 && task["deadline"] is String)
        // The payload's JSON text, exactly as the line has it.
        #expect(task["payload"] as? String == Data(#"{"to": "a@b.c"}"#.utf8).base64EncodedString())
        #expect(task["queue"] as? String == "DEFAULT")
    }

    @Test func importSkipsAByteOrderMarkAndNamesTheLineOfARepeatedKeyOrId() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let bom = "\u{FEFF}"
        #expect(try await ajc.ok("task", "import", "-", input: bom + #"{"type": "a", "id": "first"}"# + "\n") == "Enqueued 1 tasks\n")
        #expect(try await ajc.ok("task", "import", "--type", "t", "-", input: bom + "plain\n") == "Enqueued 1 tasks\n")
        let stored = try JSONSerialization.jsonObject(with: Data(try await ajc.ok("task", "ls", "--json", "--type", "t").utf8)) as? [[String: Any]]
        #expect(stored?.first?["payload"] as? String == Data("plain".utf8).base64EncodedString(), "the mark is not in the payload")
        let before = try await ajc.dump()
        for (input, message) in [
            ("{\"type\": \"j\", \"type\": \"k\"}\n", "line 1: key \"type\" appears more than once"),
            ("{\"type\": \"a\"}\n{\"type\": \"a\", \"id\": \"first\"}\n", "line 2: task first already exists"),
            ("{\"type\": \"a\", \"id\": \"x\"}\n{\"type\": \"a\", \"id\": \"x\"}\n", "line 2: task id \"x\" is also on line 1"),
            ("{\"type\": \"a\", \"deadline\": \"-1h\"}\n", "line 1: \"deadline\" \"-1h\" is not in the future"),
        ] {
            let result = try await ajc.run(["task", "import", "-"], input: Data(input.utf8))
            #expect(result.status == 1 && result.stderr.hasPrefix("ajc: \(message)"), "\(result)")
        }
        #expect(try await ajc.dump() == before, "nothing was imported")
    }

    @Test func importOfAMissingFileFails() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc("task", "import", "--type", "t", "/nonexistent/tasks.txt")
        #expect(result.status == 1)
        #expect(result.stderr == "ajc: cannot read /nonexistent/tasks.txt: No such file or directory\n")
    }
}
