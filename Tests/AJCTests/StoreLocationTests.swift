import Foundation
import Testing

/// Which store a command uses: --store, then AJ_STORE, then the per-user default; and `ajc info`.
@Suite struct StoreLocationTests {
    func info(_ ajc: AJCProcess, _ arguments: [String] = [], environment: [String: String] = [:]) async throws -> [String: Any] {
        let result = try await ajc.run(["info", "--json"] + arguments, environment: environment)
        #expect(result.status == 0, "\(result)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func defaultIsCreatedInTheUserDataFolderOnFirstUse() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let expected = ajc.folder.appendingPathComponent("data/ajtop/store.sqlite").path
        let info = try await info(ajc, environment: ["AJ_STORE": ""])
        #expect(info["location"] as? String == expected)
        #expect(FileManager.default.fileExists(atPath: expected))
        let home = try await self.info(ajc, environment: ["AJ_STORE": "", "XDG_DATA_HOME": ""])
        #expect(home["location"] as? String == ajc.folder.appendingPathComponent(".local/share/ajtop/store.sqlite").path)
    }

    @Test func storeFlagWinsOverTheEnvironment() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let other = ajc.folder.appendingPathComponent("other.sqlite").path
        try await ajc.ok("queue", "add", "ONLY-IN-OTHER", "--store", other)
        #expect(try await info(ajc, ["--store", other])["location"] as? String == other)
        #expect(try await info(ajc)["location"] as? String == ajc.storePath)
        #expect(try await ajc.ok("queue", "ls", "--json") == "[]\n")
        #expect(try await ajc.ok("queue", "ls", "--json", "--store", other).contains("ONLY-IN-OTHER"))
        // `--store` is a global option: it is taken before the subcommand too.
        #expect(try await ajc.ok("--store", other, "queue", "ls", "--json").contains("ONLY-IN-OTHER"))
        #expect(try await ajc.ok("queue", "--store=\(other)", "ls").contains("ONLY-IN-OTHER"))
        // A leading --store goes before the subcommand's own arguments, never after a `--`.
        try await ajc.ok("--store", other, "task", "add", "t", "--id", "dashes", "--", "--store")
        let task = try JSONSerialization.jsonObject(with: Data(try await ajc.ok("--store", other, "task", "view", "dashes", "--json").utf8)) as? [String: Any]
        #expect(task?["payload"] as? String == Data("--store".utf8).base64EncodedString())
    }

    @Test func infoShowsKindSizeQueuesAndCounts() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        try await ajc.ok("task", "add", "t", "-q", "Q")
        try await ajc.ok("task", "add", "t", "-q", "Q", "--id", "x")
        try await ajc.ok("task", "terminate", "x")
        let info = try await info(ajc)
        #expect(info["kind"] as? String == "sqlite")
        #expect((info["size_bytes"] as? Int ?? 0) > 0)
        #expect(info["queues"] as? Int == 1)
        #expect(info["counts"] as? [String: Int] == [
            "new": 1, "active": 0, "retry": 0, "expired": 0, "terminated": 1, "complete": 0, "queue_error": 0,
            "blocked": 0, "unreachable": 0,
        ])
        let text = try await ajc.ok("info")
        #expect(text.contains("Store:  sqlite at \(ajc.storePath)"))
        #expect(text.contains("Queues: 1") && text.contains("Tasks:  2") && text.contains("terminated  1"))
    }
}
