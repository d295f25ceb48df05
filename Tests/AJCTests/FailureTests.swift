import Foundation
import Testing

/// Exit status 1 for every kind of failed operation, one line on stderr, and the store unchanged after
/// each refused or failed command.
@Suite struct FailureTests {
    /// A store with a queue, waiting tasks and a finished one, for commands to fail against.
    func populated() async throws -> AJCProcess {
        let ajc = try AJCProcess()
        try await ajc.ok("queue", "add", "Q", "--concurrent", "3")
        try await ajc.ok("task", "add", "t", "one", "-q", "Q", "--id", "waiting")
        try await ajc.ok("task", "add", "t", "two", "-q", "Q", "--id", "done")
        try await ajc.ok("task", "terminate", "done")
        return ajc
    }

    @Test(arguments: [
        (["queue", "info", "NOPE"], "queue NOPE not found; list queues with 'ajc queue ls' or create it with 'ajc queue add NOPE'"),
        (["queue", "configure", "NOPE", "--concurrent", "2"], "queue NOPE not found"),
        (["queue", "pause", "NOPE"], "queue NOPE not found"),
        (["queue", "resume", "NOPE"], "queue NOPE not found"),
        (["queue", "purge", "NOPE", "-f"], "queue NOPE not found"),
        (["queue", "rm", "NOPE", "-f"], "queue NOPE not found"),
        (["task", "add", "t", "-q", "NOPE"], "queue NOPE not found"),
        (["task", "import", "--type", "t", "-q", "NOPE", "-"], "queue NOPE not found"),
        (["task", "view", "nope"], "task nope not found; list tasks with 'ajc task ls'"),
        (["task", "retry", "nope"], "task nope not found"),
        (["task", "terminate", "nope"], "task nope not found"),
        (["task", "rm", "nope", "-f"], "task nope not found"),
        (["queue", "add", "Q"], "queue Q already exists"),
        (["task", "add", "t", "-q", "Q", "--id", "waiting"], "task waiting already exists"),
        (["queue", "add", "bad name"], "invalid queue name \"bad name\": use only letters, digits, '_', ':' and '-'"),
        (["task", "add", "bad/type", "-q", "Q"], "invalid task type \"bad/type\""),
        (["task", "add", "t", "-q", "Q", "--id", "bad id"], "invalid task id \"bad id\""),
        (["task", "retry", "waiting"], "cannot retry task waiting: it is new"),
        (["task", "terminate", "done"], "cannot terminate task done: it is terminated"),
        (["task", "import", "-q", "Q", "-"], "line 2: "),
        (["queue", "purge", "Q"], "refusing a destructive action without -f: stdin is not a terminal; nothing was changed"),
        (["queue", "rm", "Q"], "refusing a destructive action without -f"),
        (["task", "rm", "waiting"], "refusing a destructive action without -f"),
    ])
    func failedOperationExitsOneAndChangesNothing(arguments: [String], message: String) async throws {
        let ajc = try await populated()
        defer { ajc.cleanUp() }
        let before = try await ajc.dump()
        // The import input has a bad second line; the others ignore stdin.
        let input = arguments.contains("import") ? Data("{\"type\": \"ok\"}\n{\"type\": 5}\n".utf8) : nil
        let result = try await ajc.run(arguments, input: input)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasPrefix("ajc: " + message), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
        #expect(try await ajc.dump() == before)
    }

    @Test func aStoreThatCannotBeOpenedIsAStoreError() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let notADatabase = ajc.folder.appendingPathComponent("notes.txt")
        let bytes = Data(String(repeating: "not a database\n", count: 300).utf8)
        try bytes.write(to: notADatabase)
        for arguments in [["queue", "ls", "--store", notADatabase.path], ["info", "--store", ajc.folder.path]] {
            let result = try await ajc.run(arguments)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix("ajc: ") && result.stderr.split(separator: "\n").count == 1, "\(result)")
        }
        #expect(try Data(contentsOf: notADatabase) == bytes)
    }

    // `script` gives ajc a terminal on stdin, as a person would have.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func aDeclinedConfirmationAtATerminalChangesNothingAndYesProceeds() async throws {
        let ajc = try await populated()
        defer { ajc.cleanUp() }
        let before = try await ajc.dump()
        func atTerminal(_ command: String, answer: String) async throws -> AJCProcess.Result {
            let session = try ajc.start(["-qec", "\(AJCProcess.binary.path) \(command)", "/dev/null"],
                                        input: Data("\(answer)\n".utf8), executable: URL(fileURLWithPath: "/usr/bin/script"))
            return try await session.finish()
        }
        let declined = try await atTerminal("queue rm Q", answer: "n")
        #expect(declined.status == 1 && declined.stdout.contains("Remove queue Q and its 2 tasks? [y/N]"), "\(declined)")
        #expect(declined.stdout.contains("cancelled; nothing was changed"))
        #expect(try await ajc.dump() == before)
        let accepted = try await atTerminal("task rm waiting", answer: "y")
        #expect(accepted.status == 0 && accepted.stdout.contains("Deleted task waiting"), "\(accepted)")
    }
}
