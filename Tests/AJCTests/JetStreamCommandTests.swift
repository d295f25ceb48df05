import Foundation
import NATSTestSupport
import Testing

/// Every `ajc` command on the JetStream store, through the binary: selected by a `nats://` URL in
/// `AJ_STORE`, by `--nats`, and by `--context` (a NATS CLI context file in the test's private HOME).
@Suite struct JetStreamCommandTests {
    @Test func everyCommandWorksOnJetStream() async throws {
        guard NATSServerBinary.shouldRun(.v2_15) else { return }
        try await withNATSServer(NATSServerConfiguration(version: .v2_15, jetStream: true)) { server in
            let ajc = try AJCProcess()
            defer { ajc.cleanUp() }
            let nats = ["AJ_STORE": server.url]
            func ok(_ arguments: String...) async throws -> String {
                let result = try await ajc.run(arguments, environment: nats)
                #expect(result.status == 0, "ajc \(arguments.joined(separator: " ")): \(result)")
                return result.stdout
            }
            #expect(try await ok("task", "initialize").contains("Tasks storage ready"))
            #expect(try await ok("queue", "add", "EMAIL", "--concurrent", "3", "--run-time", "30s") == "Created queue EMAIL\n")
            #expect(try await ok("queue", "ls").contains("EMAIL"))
            #expect(try await ok("queue", "info", "EMAIL").contains("Active        0 of max concurrent 3"))
            _ = try await ok("queue", "configure", "EMAIL", "--concurrent", "5")
            #expect(try await ok("queue", "info", "EMAIL").contains("of max concurrent 5"))
            #expect(try await ok("task", "add", "email:new", #"{"to":"a"}"#, "-q", "EMAIL", "--id", "t1").contains("t1"))
            _ = try await ok("task", "add", "email:new", "-q", "EMAIL", "--id", "t2")
            #expect(try await ok("task", "ls").contains("t1"))
            #expect(try await ok("task", "view", "t1").contains("email:new"))
            _ = try await ok("queue", "pause", "EMAIL")
            let paused = try JSONSerialization.jsonObject(with: Data(try await ok("queue", "info", "EMAIL", "--json").utf8)) as? [String: Any]
            #expect(paused?["paused"] as? Bool == true)
            _ = try await ok("queue", "resume", "EMAIL")
            _ = try await ok("task", "terminate", "t2")
            #expect(try await ok("task", "view", "t2", "--json").contains(#""state":"terminated""#))
            _ = try await ok("task", "retry", "t2")
            _ = try await ok("task", "rm", "t1", "-f")
            #expect(try await ajc.run(["task", "view", "t1"], environment: nats).status != 0)
            #expect(try await ok("info").contains("jetstream"))

            // The same store by --nats, and by a NATS CLI context.
            #expect(try await ajc.run(["queue", "ls", "--nats", server.url], environment: ["AJ_STORE": ""]).stdout.contains("EMAIL"))
            let contexts = ajc.folder.appendingPathComponent(".config/nats/context")
            try FileManager.default.createDirectory(at: contexts, withIntermediateDirectories: true)
            try #"{"url":"\#(server.url)"}"#.write(to: contexts.appendingPathComponent("local.json"), atomically: true, encoding: .utf8)
            let byContext = try await ajc.run(["queue", "ls", "--context", "local"], environment: ["AJ_STORE": ""])
            #expect(byContext.status == 0 && byContext.stdout.contains("EMAIL"), "\(byContext)")
            // Before the subcommand too, where asyncjobs' ajc users put them.
            let contextFirst = try await ajc.run(["--context", "local", "task", "ls"], environment: ["AJ_STORE": ""])
            #expect(contextFirst.status == 0 && contextFirst.stdout.contains("t2"), "\(contextFirst)")
            let natsFirst = try await ajc.run(["--nats=\(server.url)", "queue", "info", "EMAIL"], environment: ["AJ_STORE": ""])
            #expect(natsFirst.status == 0 && natsFirst.stdout.contains("EMAIL"), "\(natsFirst)")
            let missing = try await ajc.run(["queue", "ls", "--context", "nope"], environment: ["AJ_STORE": ""])
            #expect(missing.status != 0 && missing.stderr.split(separator: "\n").count == 1, "\(missing)")

            _ = try await ok("queue", "purge", "EMAIL", "-f")
            _ = try await ok("queue", "rm", "EMAIL", "-f")
            #expect(try await !ok("queue", "ls").contains("EMAIL"))
        }
    }
}
