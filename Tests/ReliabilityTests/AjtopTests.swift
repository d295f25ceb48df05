import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// ajtop under what the other scenarios do to ajc: refused files, signals and store errors (the
    /// terminal must come back as it was), and a write-locked store (keys keep working). Driven in a real
    /// terminal (tmux).
    @Suite(.enabled(if: Workbench.hasSQLite3Shell && TmuxSession.isAvailable, "needs tmux and the sqlite3 shell"),
           .enabled(if: Workbench.ajtopIsBuilt, "ajtop is not built (or set AJTOP_BINARY)"))
    struct Ajtop {
        static func binary() throws -> String { try ProductBinary.path("ajtop", override: "AJTOP_BINARY") }

        @Test(arguments: CorruptStore.BadFile.allCases)
        func ajtopRefusesABadFileWithOneLineAndLeavesItUntouched(kind: CorruptStore.BadFile) async throws {
            try await Workbench.with { bench in
                let path = try await CorruptStore.make(kind, in: bench)
                let before = try FileState(path: path)
                for arguments in [["--store", path, "--batch"], ["--store", path, "--read-only"], ["--store", path]] {
                    let run = try await bench.finish(try bench.start(try Self.binary(), arguments), timeout: .seconds(30))
                    #expect(run.status == 1, "\(kind): \(run)")
                    let lines = run.stderr.split(separator: "\n")
                    #expect(lines.count == 1 && lines[0].hasPrefix("ajtop: ") && lines[0].contains(path), "\(kind): \(run)")
                    #expect(run.stdout.isEmpty, "nothing was drawn: \(run)")
                    #expect(try FileState(path: path) == before, "\(kind): ajtop \(arguments) changed the file")
                }
            }
        }

        /// ajtop run by a shell in tmux that saves the terminal settings (`stty -g`) before and after it.
        struct Session {
            let tmux: TmuxSession
            let bench: Workbench

            init(_ bench: Workbench, store: String) throws {
                self.bench = bench
                let script = "stty -g > '\(bench.file("stty.before"))'; \"$0\" \"$@\"; status=$?; "
                    + "stty -g > '\(bench.file("stty.after"))'; exit $status"
                tmux = try TmuxSession(["/bin/sh", "-c", script, try Ajtop.binary(), "--store", store],
                                       environment: ["NO_COLOR": "1"])
            }

            /// ajtop's pid: the one `ajtop` in the pane's session (the pane's shell leads it).
            func pid() throws -> Int32 {
                let text = try TmuxSession.run(["pgrep", "-s", try tmux.format("pane_pid"), "-x", "ajtop"])
                return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            }

            /// Waits for ajtop to exit; its status. Checks the terminal was given back as it was found.
            func exitStatusAndTerminalCheck() async throws -> Int32 {
                let status = try await tmux.waitForExit(timeout: .seconds(30))
                #expect(try tmux.format("alternate_on") == "0", "the alternate screen was left")
                let before = try String(contentsOfFile: bench.file("stty.before"), encoding: .utf8)
                let after = try String(contentsOfFile: bench.file("stty.after"), encoding: .utf8)
                #expect(!before.isEmpty && before == after, "terminal settings restored: \(before) -> \(after)")
                return status
            }
        }

        @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
        func aSignalGivesTheTerminalBackAsItWas(signal: Int32) async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "Q", "--concurrent", "7")
                let session = try Session(bench, store: bench.store)
                defer { session.tmux.close() }
                try await session.tmux.waitFor(text: "0/7", timeout: .seconds(30))
                #expect(try session.tmux.format("alternate_on") == "1")
                kill(try session.pid(), signal)
                #expect(try await session.exitStatusAndTerminalCheck() == 128 + signal)
            }
        }

        /// A store error at start (a foreign database): ajtop refuses in one line before touching the
        /// terminal, which is left exactly as it was.
        /// Issue 14, item 12: under `LANG=C` ncurses drew every glyph as `?`; ASCII stand-ins now.
        @Test func aLocaleWithoutUTF8DrawsASCIIInTheTerminal() async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "plain", "--concurrent", "7")
                let tmux = try TmuxSession([try Ajtop.binary(), "--store", bench.store], width: 100, height: 20,
                                           environment: ["LANG": "C", "LC_ALL": "C"])
                defer { tmux.close() }
                let screen = try await tmux.waitFor(text: "0/7", timeout: .seconds(30))
                #expect(screen.contains { $0.hasPrefix(">plain") }, "\(screen)")
                // The row's gauge and sparkline are dots and bars, never `?` (the footer's `?` is the help key).
                let row = screen.first { $0.hasPrefix(">plain") } ?? ""
                #expect(!row.contains("?") && row.contains("........"), "\(screen)")
                try tmux.send("q")
                #expect(try await tmux.waitForExit() == 0)
            }
        }

        @Test func aStoreErrorAtStartLeavesTheTerminalAsItWas() async throws {
            try await Workbench.with { bench in
                let path = try await CorruptStore.make(.foreignSchema, in: bench)
                let session = try Session(bench, store: path)
                defer { session.tmux.close() }
                #expect(try await session.exitStatusAndTerminalCheck() == 1)
                // The message, wrapped at the terminal's width, then the shell's report.
                let screen = try session.tmux.screen().joined()
                #expect(screen.hasPrefix("ajtop: ") && screen.contains("another program (it was left unchanged)[exited 1]"), "\(screen)")
            }
        }

        /// Another process holds the write lock for 8 s. A WAL store's readers never wait for writers, so
        /// ajtop's data stays current (nothing to mark stale); an action it sends meanwhile (`+`) waits for
        /// the lock off the input loop: keys are answered at once, and the action lands or fails with a
        /// message once the lock is gone.
        @Test func aLockedStoreNeverFreezesTheKeys() async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "Q", "--concurrent", "7")
                let session = try Session(bench, store: bench.store)
                defer { session.tmux.close() }
                try await session.tmux.waitFor(text: "0/7", timeout: .seconds(30))
                let script = ".timeout 30000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n.shell sleep 8\nROLLBACK;\n"
                let holder = try bench.start(Workbench.sqlite3Shell, [bench.store], input: Data(script.utf8))
                try await eventually(timeout: .seconds(30), "sqlite3 to take the lock: \(holder.stderr)") {
                    holder.stdout.contains("locked")
                }
                try session.tmux.send("+")
                // Keys are answered at once while the action waits for the lock.
                let asked = ContinuousClock.now
                try session.tmux.send("?")
                try await session.tmux.waitFor(text: "Help", timeout: .seconds(3))
                #expect(ContinuousClock.now - asked < .seconds(3))
                try session.tmux.send("Escape")
                try await session.tmux.waitFor("the home screen again", timeout: .seconds(3)) { screen in
                    screen.contains { $0.contains("0/7") }
                }
                #expect(holder.status == nil, "the lock was still held while keys were answered")
                #expect(await holder.exitStatus() == 0, "\(holder.stderr)")
                // Past the busy timeout the action failed and said so, or it got the lock and landed.
                try await session.tmux.waitFor("the action's outcome", timeout: .seconds(20)) { screen in
                    screen.contains { $0.contains("0/8") || $0.localizedCaseInsensitiveContains("locked") }
                }
                try session.tmux.send("q")
                #expect(try await session.exitStatusAndTerminalCheck() == 0)
            }
        }
    }
}
