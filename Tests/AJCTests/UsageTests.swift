import Foundation
import Testing

/// Help everywhere, and exit status 2 with one line on stderr for every kind of bad usage.
@Suite struct UsageTests {
    static let commands: [[String]] = [
        [], ["queue"], ["task"], ["info"],
        ["queue", "add"], ["queue", "ls"], ["queue", "info"], ["queue", "configure"], ["queue", "pause"],
        ["queue", "resume"], ["queue", "purge"], ["queue", "rm"],
        ["task", "add"], ["task", "import"], ["task", "ls"], ["task", "view"], ["task", "retry"],
        ["task", "terminate"], ["task", "rm"], ["task", "watch"], ["task", "process"],
        ["task", "purge"], ["task", "initialize"], ["task", "configure"], ["task", "cron"], ["task", "cron", "add"],
        ["task", "cron", "view"], ["task", "cron", "delete"], ["task", "cron", "list"], ["task", "cron", "scheduler"],
        ["server"], ["server", "run"], ["package"], ["package", "docker"],
    ]

    @Test(arguments: commands)
    func helpPrintsUsageAndExitsZero(command: [String]) async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc.run(command + ["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("USAGE: ajc \((command).joined(separator: " "))"), "\(result)")
        #expect(result.stdout.contains("OVERVIEW:"))
        #expect(result.stderr.isEmpty)
        // Help is for people at a terminal: nothing wider than 80 columns.
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(result.stdout)")
    }

    @Test func processHelpNamesTheDefaultRetryPolicy() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let help = try await ajc.ok("task", "process", "--help").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!help.contains("default: default"), "\(help)")
        #expect(help.contains("default: 10m"), "\(help)")
    }

    @Test(arguments: [
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["queue", "explode", "Q"], "unexpected arguments: 'explode'"),
        (["task", "ls", "--bogus"], "Unknown option '--bogus'"),
        (["queue", "add", "Q", "--run-time", "12parsecs"], "'12parsecs' is invalid for '--run-time"),
        (["queue", "add", "Q", "--max-age", "soon"], "'soon' is invalid for '--max-age"),
        (["queue", "configure", "Q", "--run-time", "12parsecs"], "'12parsecs' is invalid"),
        (["queue", "add", "Q", "--concurrent", "notanumber"], "'notanumber' is invalid for '--concurrent"),
        (["queue", "add", "Q", "--entries", "many"], "'many' is invalid for '--entries"),
        (["queue", "add", "Q", "--tries", "x"], "'x' is invalid for '--tries"),
        (["task", "add", "t", "--tries", "notanumber"], "'notanumber' is invalid for '--tries"),
        (["task", "add", "t", "--deadline", "12parsecs"], "'12parsecs' is invalid for '--deadline"),
        (["task", "ls", "--limit", "notanumber"], "'notanumber' is invalid for '--limit"),
        (["task", "ls", "--limit", "0"], "--limit must be at least 1"),
        (["task", "ls", "--state", "sleeping"], "'sleeping' is invalid for '--state"),
        (["task", "process", "t", "Q", "notanumber", "true"], "'notanumber' is invalid"),
        (["task", "process", "t", "Q", "0", "true"], "CONCURRENCY must be at least 1"),
        (["task", "process", "t", "Q", "2", "true", "--retry", "weekly"], "'weekly' is invalid for '--retry"),
        (["queue", "add"], "Missing expected argument '<name>'"),
        (["queue", "configure", "Q"], "nothing to change"),
        (["task", "view"], "Missing expected argument '<id>'"),
        // Issue 14: an empty COMMAND would complete every task; values that argument-parser misread or refused.
        (["task", "process", "t", "Q", "2", ""], "COMMAND is empty"),
        (["task", "process", "t", "Q", "2", " \t"], "COMMAND is empty"),
        (["task", "add", "t", "--deadline", "-1h"], "--deadline must be a positive duration"),
        (["task", "add", "t", "--deadline=-1h"], "got -1h"),
        (["task", "add", "t", "--deadline", "0s"], "--deadline must be a positive duration"),
        (["queue", "add", "Q", "--run-time", "2562048h"], "'2562048h' is invalid for '--run-time"),
        (["task", "ls", "--limit", "-1"], "--limit must be at least 1, got -1"),
        (["--store", "", "queue", "ls"], "--store: the path is empty"),
    ])
    func badUsageExitsTwoWithOneLine(arguments: [String], message: String) async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("ajc: ") && result.stderr.contains(message), "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
        // Bad usage is caught before the store is opened.
        #expect(!FileManager.default.fileExists(atPath: ajc.storePath))
    }
}
