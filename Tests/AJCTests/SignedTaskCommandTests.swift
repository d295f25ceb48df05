import Foundation
import Testing

/// `ajc task --sign … add` and `ajc task --verify … process`: asyncjobs' signed tasks end to end.
@Suite struct SignedTaskCommandTests {
    /// The seed 00 01 … 1f and its public key (checked against Python's `cryptography` in TaskSignatureTests).
    static let seed = (0..<32).map { String(format: "%02x", $0) }.joined()
    static let publicKey = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    static let otherSeed = String(repeating: "11", count: 32)

    @Test func workersRunOnlyTasksSignedByTheirKey() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        let seedFile = ajc.folder.appendingPathComponent("seed.hex")
        try (Self.seed + "\n").write(to: seedFile, atomically: true, encoding: .utf8)
        // The group flag before the subcommand (asyncjobs' place) and after it; a seed or a file.
        try await ajc.ok("task", "--sign", Self.seed, "add", "t", "{}", "-q", "W", "--id", "before")
        try await ajc.ok("task", "add", "t", "{}", "-q", "W", "--id", "after", "--sign", seedFile.path)
        try await ajc.ok("task", "add", "t", "{}", "-q", "W", "--id", "unsigned")
        try await ajc.ok("task", "add", "t", "{}", "-q", "W", "--id", "stranger", "--sign", Self.otherSeed)
        let signature = try #require(try await ajc.task("before")["signature"] as? String)
        #expect(signature.count == 128 && signature.allSatisfy(\.isHexDigit))

        let worker = try ajc.start(["task", "--verify", Self.publicKey, "process", "t", "W", "2", "echo done"])
        defer { worker.signal(SIGKILL) }
        for id in ["before", "after"] {
            _ = try await ajc.waitForTask(id, "complete") { $0["state"] as? String == "complete" }
        }
        let unsigned = try await ajc.waitForTask("unsigned", "terminated") { $0["state"] as? String == "terminated" }
        #expect((unsigned["last_err"] as? String)?.contains("not signed") == true, "\(unsigned)")
        let stranger = try await ajc.waitForTask("stranger", "terminated") { $0["state"] as? String == "terminated" }
        #expect((stranger["last_err"] as? String)?.contains("signature is invalid") == true, "\(stranger)")
        // Refused without running: the attempt ended terminated, the command never ran (no result).
        #expect(stranger["result"] == nil)
        worker.signal(SIGTERM)
        #expect(try await worker.finish().status == 0)
    }

    @Test func optionalSignaturesRunUnsignedTasks() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "t", "-q", "W", "--id", "unsigned")
        let worker = try ajc.start(["task", "process", "t", "W", "1", "echo done", "--verify", Self.publicKey,
                                    "--signatures-optional"])
        defer { worker.signal(SIGKILL) }
        _ = try await ajc.waitForTask("unsigned", "complete") { $0["state"] as? String == "complete" }
        worker.signal(SIGTERM)
        #expect(try await worker.finish().status == 0)
    }

    @Test func badKeysFailAndChangeNothing() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        let before = try await ajc.dump()
        let add = try await ajc("task", "--sign", "beef", "add", "t", "-q", "W")
        #expect(add.status == 1, "\(add)")
        #expect(add.stderr.contains("signing seed"), "\(add)")
        let process = try await ajc("task", "process", "t", "W", "1", "true", "--verify", "nothex")
        #expect(process.status == 1, "\(process)")
        #expect(process.stderr.contains("verification key"), "\(process)")
        let usage = try await ajc("task", "process", "t", "W", "1", "true", "--signatures-optional")
        #expect(usage.status == 2, "\(usage)")
        #expect(try await ajc.dump() == before)
    }
}
