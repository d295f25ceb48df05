import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Seeded random argument lists made of ajc's real commands and flags plus garbage: ajc never crashes
    /// (status 0, 1 or 2 only, never a signal) and a failed run never changes the store.
    @Suite struct BadArguments {
        static let commands: [[String]] = [
            ["queue", "add"], ["queue", "ls"], ["queue", "info"], ["queue", "configure"], ["queue", "pause"],
            ["queue", "resume"], ["queue", "purge"], ["queue", "rm"], ["task", "add"], ["task", "import"],
            ["task", "ls"], ["task", "view"], ["task", "retry"], ["task", "terminate"], ["task", "rm"], ["info"],
            ["queue"], ["task"], [], ["bogus"], ["task", "bogus"], ["help"], ["queue", "help"],
        ]
        // `--store` is left out: a garbage value would be a path relative to the test's working directory.
        static let flags = [
            "--concurrent", "--run-time", "--tries", "--max-age", "--entries", "--discard-old", "-q", "--queue",
            "--deadline", "--id", "--type", "--state", "--limit", "--json", "-f", "--force", "--help", "-h",
            "--retry", "--version", "--concurrent=", "--tries=-1", "-x", "--", "-qQ", "--limit=0",
        ]
        static let values = [
            "Q", "DEFAULT", "t1", "t2", "nope", "", " ", "-1", "0", "1", "2", "-0", "007", "3.5", "1e3", "0x10",
            "99999999999999999999999", "9223372036854775807", "-9223372036854775808", "10s", "90s", "1h30m",
            "500ms", "-5s", "0s", "1x", "1h1h", "2562048h", "999999999h", "∞", "😀", "näme", "a b", "new", "retry",
            "complete", "active", "bogus-state", "{}", "{\"a\":1}", "null", "\u{7F}", "\u{1B}[2J", "\\", "'",
            String(repeating: "a", count: 5000), String(repeating: "9", count: 400), "-", "-q",
        ]

        @Test(.timeLimit(.minutes(30)))
        func randomArgumentListsNeverCrashAjcNorChangeTheStoreWhenTheyFail() async throws {
            try await Workbench.with { bench in
                let store = try bench.openStore()
                var random = SeededRandom(seed: SoakSettings.seed)
                var statuses: [Int32: Int] = [:]
                let runs = SoakSettings.argumentRuns
                for index in 0..<runs {
                    if index % 25 == 0 { try await populate(bench, store) }
                    let arguments = Self.argumentList(&random)
                    let before = try await Workbench.dump(store)
                    let run = try await bench.ajc(arguments, timeout: .seconds(30))
                    statuses[run.status, default: 0] += 1
                    #expect([0, 1, 2].contains(run.status), "run \(index): \(run)")
                    guard run.status != 0 else { continue }
                    let lines = run.stderr.split(separator: "\n")
                    #expect(lines.count == 1 && lines[0].hasPrefix("ajc: "), "run \(index): \(run)")
                    #expect(try await Workbench.dump(store) == before, "run \(index) failed but changed the store: \(run)")
                }
                #expect(statuses[0, default: 0] > 0 && statuses[1, default: 0] > 0 && statuses[2, default: 0] > 0,
                        "the lists reach successes, failed operations and usage errors: \(statuses)")
                SoakSettings.report("bad arguments: \(runs) ajc runs (seed \(SoakSettings.seed)); exit statuses \(statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")); crashes 0 expected")
            }
        }

        /// Makes sure the queue and tasks the lists name exist, whatever earlier runs removed.
        private func populate(_ bench: Workbench, _ store: SQLiteStore) async throws {
            if (try? await store.queue(named: "Q")) == nil {
                try await store.createQueue(Queue(name: "Q", maxConcurrent: 3))
            }
            for id in ["t1", "t2"] where (try? await store.task(id: id)) == nil {
                try await store.enqueue([JobTask(id: id, type: "t", queue: "Q", payload: Data("{}".utf8))])
            }
            if try await store.task(id: "t2").state == .new { try await store.terminate(taskID: "t2") }
        }

        /// A command (or garbage), maybe a name that exists, then up to four flags and values.
        static func argumentList(_ random: inout SeededRandom) -> [String] {
            func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
            var arguments = commands[Int(random.next() % UInt64(commands.count))]
            // Half the lists name something that exists, so they get past parsing into the operation.
            if random.next() % 2 == 0 { arguments.append(pick(["Q", "t1", "t2", "DEFAULT"])) }
            for _ in 0..<(random.next() % 5) {
                switch random.next() % 5 {
                case 0: arguments.append(pick(flags))
                case 1: arguments.append(pick(values))
                default: arguments += [pick(flags), pick(values)]
                }
            }
            return arguments
        }
    }
}
