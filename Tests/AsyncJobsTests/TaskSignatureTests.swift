import AsyncJobs
import Foundation
import Testing

/// asyncjobs' signed tasks: the signed text, the hex signature, and what workers do with bad ones. The
/// vectors were computed independently with Python's `cryptography` (Ed25519, RFC 8032) from the text
/// asyncjobs signs.
@Suite struct TaskSignatureTests {
    /// The seed 00 01 02 … 1f, and its public key.
    static let seed = (0..<32).map { String(format: "%02x", $0) }.joined()
    static let publicKey = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"

    static let task = JobTask(
        id: "24smZHaWnjuP371iglxeQWK7nOi", type: "email:new", queue: "EMAIL", payload: Data(#"{"to":"a@b"}"#.utf8),
        deadline: Timestamp(nanoseconds: 1_700_003_600_000_000_000), maxTries: 10,
        created: Timestamp(nanoseconds: 1_700_000_000_123_456_789))

    @Test func signedTextIsAsyncjobs() {
        #expect(TaskSignature.signedText(of: Self.task)
                == "24smZHaWnjuP371iglxeQWK7nOi:EMAIL:email:new:10:1700000000123456789:1700003600000000000:eyJ0byI6ImFAYiJ9")
        let bare = JobTask(id: "plain", type: "t", payload: nil, maxTries: 0, created: Timestamp(nanoseconds: 1_700_000_000_000_000_000))
        #expect(TaskSignature.signedText(of: bare) == "plain:DEFAULT:t:0:1700000000000000000:0:")
    }

    @Test func signatureMatchesIndependentVectors() throws {
        let signer = try TaskSigner(key: Self.seed)
        #expect(signer.publicKeyHex == Self.publicKey)
        #expect(try signer.sign(Self.task).signature
                == "03384df54296aece33f101004c6dd452b6d01cc2e7d9b731cdaeee279ea4e8d035e941a96a43e53d78caaf771cc9e501f6cb9f16035ca099979755d9c11eef01")
        let bare = JobTask(id: "plain", type: "t", payload: nil, maxTries: 0, created: Timestamp(nanoseconds: 1_700_000_000_000_000_000))
        #expect(try signer.sign(bare).signature
                == "5c1b9f1c7fdc8f9506f4cd8ebcc79540bb60c0f03529d2280f701cc3130130d21dac56e73c12b540541570b6584d5f0c5c9ca4928bb14dac612d982741105708")
    }

    @Test func goPrivateKeysAndKeyFilesAreRead() throws {
        // A Go ed25519.PrivateKey is the seed followed by the public key.
        #expect(try TaskSigner(key: Self.seed + Self.publicKey).publicKeyHex == Self.publicKey)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parity2-key-\(UUID().uuidString)")
        try (Self.publicKey + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let signed = try TaskSigner(key: Self.seed).sign(Self.task)
        try TaskVerifier(publicKey: file.path).verify(signed)
    }

    @Test func badKeysAreRefused() {
        #expect(throws: TaskSignatureError.self) { try TaskSigner(key: "abc") }
        #expect(throws: TaskSignatureError.self) { try TaskSigner(key: String(repeating: "zz", count: 32)) }
        #expect(throws: TaskSignatureError.self) { try TaskSigner(key: Self.seed + String(repeating: "00", count: 32)) }
        #expect(throws: TaskSignatureError.self) { try TaskVerifier(publicKey: Self.seed + Self.seed) }
    }

    @Test func verificationCatchesEveryChangedField() throws {
        let signed = try TaskSigner(key: Self.seed).sign(Self.task)
        let verifier = try TaskVerifier(publicKey: Self.publicKey)
        try verifier.verify(signed)
        var tampered: [JobTask] = []
        for change in [{ (t: inout JobTask) in t.payload = Data("{}".utf8) }, { $0.queue = "OTHER" }, { $0.type = "x" },
                       { $0.maxTries = 11 }, { $0.deadline = nil }, { $0.created = $0.created + .nanoseconds(1) }] {
            var copy = signed
            change(&copy)
            tampered.append(copy)
        }
        for task in tampered {
            #expect(throws: TaskSignatureError.invalid(taskID: task.id)) { try verifier.verify(task) }
        }
        var unsigned = Self.task
        #expect(throws: TaskSignatureError.notSigned(taskID: unsigned.id)) { try verifier.verify(unsigned) }
        try TaskVerifier(publicKey: Self.publicKey, signaturesOptional: true).verify(unsigned)
        unsigned.signature = "nothex"
        #expect(throws: TaskSignatureError.invalid(taskID: unsigned.id)) {
            try TaskVerifier(publicKey: Self.publicKey, signaturesOptional: true).verify(unsigned)
        }
    }

    @Test func signingNeedsAQueueAndAnUnsignedTask() throws {
        let signer = try TaskSigner(key: Self.seed)
        var noQueue = Self.task
        noQueue.queue = ""
        #expect(throws: TaskSignatureError.requiresQueue(taskID: noQueue.id)) { try signer.sign(noQueue) }
        let signed = try signer.sign(Self.task)
        #expect(throws: TaskSignatureError.alreadySigned(taskID: signed.id)) { try signer.sign(signed) }
    }

    @Test func signatureIsOnTheWire() throws {
        let signed = try TaskSigner(key: Self.seed).sign(Self.task)
        let json = String(decoding: signed.wireJSON, as: UTF8.self)
        #expect(json.hasSuffix(#","tries":0,"signature":"\#(signed.signature!)"}"#))
        #expect(try JSONDecoder().decode(JobTask.self, from: signed.wireJSON) == signed)
    }

    @Test func poolRefusesBadlySignedAndUnsignedTasksWithoutRunningThem() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let signer = try TaskSigner(key: Self.seed)
        let good = try signer.sign(JobTask(id: "good", type: "t", queue: "work", created: fixture.clock.now()))
        var forged = try signer.sign(JobTask(id: "forged", type: "t", queue: "work", created: fixture.clock.now()))
        forged.payload = Data("changed".utf8)
        let unsigned = JobTask(id: "unsigned", type: "t", queue: "work", created: fixture.clock.now())
        try await fixture.store.enqueue([good, forged, unsigned])
        let meter = ConcurrencyMeter()
        let pool = try fixture.pool(verifier: try TaskVerifier(publicKey: Self.publicKey)) { router in
            try router.register("t") { _, _ in meter.enter(); meter.leave(); return "ran" }
        }
        let running = fixture.start(pool)
        for id in ["good", "forged", "unsigned"] { try await fixture.wait(id) { $0.state.isFinal } }
        pool.stop()
        try await running.value
        #expect(try await fixture.state("good") == .complete)
        #expect(meter.total == 1)
        let forgedTask = try await fixture.store.task(id: "forged")
        #expect(forgedTask.state == .terminated)
        #expect(forgedTask.lastError == TaskSignatureError.invalid(taskID: "forged").description)
        let unsignedTask = try await fixture.store.task(id: "unsigned")
        #expect(unsignedTask.state == .terminated)
        #expect(unsignedTask.lastError?.contains("not signed") == true)
    }
}
