import AsyncJobsTesting
import Foundation
import Testing

/// Output details of the real binaries (issue 14, item 12): a closed pipe, huge frames, a non-UTF-8
/// locale, an unknown terminal, a huge MaxConcurrent in an 80-column listing.
@Suite struct OutputDetailTests {
    static var ajc: String { get throws { try ProductBinary.path("ajc", override: "AJC_BINARY") } }
    static var ajtop: String { get throws { try ProductBinary.path("ajtop", override: "AJTOP_BINARY") } }

    /// A workbench whose store holds one queue with MaxConcurrent 2^63−1. ajc refuses more than asyncjobs'
    /// 10000, but the library (or another program sharing the store) may set any value, so it is written
    /// into the store directly.
    static func withQueue(_ body: (Workbench) async throws -> Void) async throws {
        try await Workbench.with { bench in
            try await bench.ajcOK("queue", "add", "payments-eu-west")
            _ = try await bench.sqlite3("UPDATE queues SET max_concurrent = 9223372036854775807 WHERE name = 'payments-eu-west';")
            try await bench.ajcOK("task", "add", "t", "-q", "payments-eu-west")
            try await body(bench)
        }
    }

    @Test func batchIntoAClosedPipeEndsQuietlyWithZero() async throws {
        try await Self.withQueue { bench in
            // 50 frames of 120x40 are far more than a pipe holds, so writes meet the closed pipe.
            let script = #""$1" --batch --iterations 50 --refresh 10ms | head -1; echo "status ${PIPESTATUS[0]}" >&2"#
            let run = try await bench.run(in: bench.folder.path, "/bin/bash", ["-c", script, "bash", try Self.ajtop])
            #expect(run.stderr == "status 0\n", "\(run)")
            #expect(run.stdout.hasPrefix("ajtop"), "\(run)")
        }
    }

    @Test(arguments: [["--width", "5000"], ["--height", "5000"], ["--width", "1001", "--height", "10"]])
    func hugeFramesAreRefused(arguments: [String]) async throws {
        try await Workbench.with { bench in
            let run = try await bench.run(in: bench.folder.path, try Self.ajtop, ["--batch"] + arguments, timeout: .seconds(20))
            #expect(run.status == 2 && run.stderr.contains("must be between") && run.stderr.contains("1000"), "\(run)")
        }
    }

    @Test func aLocaleWithoutUTF8GetsASCIIGlyphs() async throws {
        try await Self.withQueue { bench in
            let plain = try await bench.run(in: bench.folder.path, "/usr/bin/env", ["LC_ALL=C", "LANG=C", try Self.ajtop, "--batch"])
            #expect(plain.status == 0 && plain.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(plain)")
            #expect(plain.stdout.contains(">payments-eu-west"), "the cursor as ASCII: \(plain)")
            let utf8 = try await bench.run(in: bench.folder.path, "/usr/bin/env", ["LC_ALL=C.UTF-8", try Self.ajtop, "--batch"])
            #expect(utf8.stdout.contains("▶payments-eu-west"), "\(utf8)")
        }
    }

    @Test func anUnknownTerminalSaysWhatToDo() async throws {
        try await Self.withQueue { bench in
            let run = try await bench.run(in: bench.folder.path, "/usr/bin/env", ["TERM=no-such-terminal", try Self.ajtop], timeout: .seconds(20))
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr == "ajtop: the terminal type TERM=no-such-terminal is unknown to ncurses; run with TERM=xterm-256color (or another installed type), or use --batch for plain text\n", "\(run)")
        }
    }

    @Test func queueListStaysWithin80ColumnsWithTheLargestMaxConcurrent() async throws {
        try await Self.withQueue { bench in
            let listing = try await bench.ajcOK("queue", "ls").stdout
            #expect(listing.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(listing)")
            #expect(listing.contains("0/9.2E"), "\(listing)")
            let json = try await bench.ajcOK("queue", "info", "payments-eu-west", "--json").stdout
            #expect(json.contains(#""max_concurrent":9223372036854775807"#), "the exact value stays in JSON: \(json)")
        }
    }
}
