import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Payloads and handlers that try to break the engine: each task ends in a defined state with a
    /// readable `last_err`, and the tools show it.
    @Suite struct PoisonInput {
        @Test(.timeLimit(.minutes(10)))
        func poisonTasksInASwiftWorkerEndInDefinedStates() async throws {
            try await Workbench.with { bench in try await swiftWorker(bench) }
        }

        private func swiftWorker(_ bench: Workbench) async throws {
            let store = try bench.openStore()
            // One try each: the first failure is final, so every case ends quickly in a final state.
            try await store.createQueue(Queue(name: "poison", maxConcurrent: 4, maxRunTime: .seconds(1), maxTries: 1))
            var random = SeededRandom(seed: SoakSettings.seed)
            let huge = Data((0..<(10 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0) })
            try await bench.ajcOK("task", "add", "echo-size", "-", "-q", "poison", "--id", "huge", input: huge)
            try await bench.ajcOK("task", "add", "echo-size", "-", "-q", "poison", "--id", "binary", input: binary)
            try await bench.ajcOK("task", "add", "throw", "-q", "poison", "--id", "thrower")
            try await bench.ajcOK("task", "add", "hang", "-q", "poison", "--id", "hanger")
            var worker = try bench.startWorker(queue: "poison", name: "p1", concurrency: 4)
            let cases = ["huge", "binary", "thrower", "hanger"]
            try await eventually(timeout: .seconds(90), "every poison task to end") {
                try await cases.asyncAllSatisfy { try await store.task(id: $0).state.isFinal }
            }

            for (id, payload) in [("huge", huge), ("binary", binary)] {
                let task = try await bench.taskJSON(id)
                #expect(task["state"] as? String == "complete", "\(id): \(task["last_err"] ?? "")")
                let result = (task["result"] as? [String: Any])?["payload"] as? [String: Any]
                #expect(result?["bytes"] as? Int == payload.count, "\(id) reached the handler whole")
                #expect(result?["fnv1a"] as? String == Self.fnv1a(payload), "\(id) reached the handler unchanged")
                #expect((task["payload"] as? String).flatMap { Data(base64Encoded: $0) } == payload, "\(id) reads back unchanged")
            }
            let thrower = try await bench.taskJSON("thrower")
            #expect(thrower["state"] as? String == "expired")
            // Whole, NUL and all: a C string binding once cut it at the NUL.
            #expect(thrower["last_err"] as? String
                        == "handler failed: nul \u{0} bell \u{7} esc \u{1B}[31m newline\nsecond line \u{FFFD} \u{1F4A5}",
                    "\(thrower)")
            #expect(((thrower["attempts"] as? [[String: Any]])?.first?["outcome"] as? String) == "failed")
            let hanger = try await bench.taskJSON("hanger")
            #expect(hanger["state"] as? String == "expired")
            #expect(hanger["last_err"] as? String == "attempt ran past the queue's MaxRunTime of 1s", "\(hanger)")
            #expect(((hanger["attempts"] as? [[String: Any]])?.first?["outcome"] as? String) == "timeout")

            // A handler that exits the whole process mid-attempt: the lease runs out, the next claim finds
            // the task out of tries and expires it as interrupted.
            try await bench.ajcOK("task", "add", "exit", "-q", "poison", "--id", "exiter")
            #expect(await worker.exitStatus(within: .seconds(30)) == 3, "the handler exited its worker: \(worker.stderr)")
            worker = try bench.startWorker(queue: "poison", name: "p2", concurrency: 4)
            let exiter = try await bench.waitForTask("exiter", state: .expired, in: store)
            #expect(exiter["last_err"] as? String == AttemptRules.interruptedError, "\(exiter)")
            #expect(((exiter["attempts"] as? [[String: Any]])?.first?["outcome"] as? String) == "interrupted")
            #expect(worker.status == nil, "the rescuing worker is unharmed: \(worker.stderr)")

            try await bench.expectReadableListings(queue: "poison")
        }

        @Test(.timeLimit(.minutes(10)))
        func poisonCommandsInAjcTaskProcessEndInDefinedStates() async throws {
            try await Workbench.with { bench in try await commandWorker(bench) }
        }

        private func commandWorker(_ bench: Workbench) async throws {
            let store = try bench.openStore()
            try await store.createQueue(Queue(name: "poison-cmd", maxConcurrent: 1, maxRunTime: .seconds(5), maxTries: 1))
            let command = """
                case "$AJ_TASK_TYPE" in
                  bad-utf8) printf 'bad \\377\\376 bytes\\n' >&2; exit 1 ;;
                  killer) kill -KILL $PPID; sleep 5 ;;
                esac
                """
            func startProcessor() throws -> SpawnedProcess {
                try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                ["task", "process", "", "poison-cmd", "1", command, "--retry", "1m"])
            }
            var processor = try startProcessor()
            try await bench.ajcOK("task", "add", "bad-utf8", "-q", "poison-cmd", "--id", "bad-utf8")
            let badUTF8 = try await bench.waitForTask("bad-utf8", state: .expired, in: store)
            #expect(badUTF8["last_err"] as? String == "bad \u{FFFD}\u{FFFD} bytes", "\(badUTF8)")

            // A command that kills the worker running it.
            try await bench.ajcOK("task", "add", "killer", "-q", "poison-cmd", "--id", "killer")
            #expect(await processor.exitStatus(within: .seconds(30)) == 128 + SIGKILL, "\(processor.stderr)")
            processor = try startProcessor()
            let killer = try await bench.waitForTask("killer", state: .expired, in: store)
            #expect(killer["last_err"] as? String == AttemptRules.interruptedError, "\(killer)")
            #expect(processor.status == nil, "the next worker is unharmed: \(processor.stderr)")
            try await bench.expectReadableListings(queue: "poison-cmd")
        }

        /// FNV-1a of `data` in hex, as aj-test-worker's echo-size handler reports it.
        static func fnv1a(_ data: Data) -> String {
            String(data.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16)
        }
    }
}
