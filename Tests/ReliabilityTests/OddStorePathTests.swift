import AsyncJobsTesting
import Foundation
import Testing

/// Store paths a hostile or careless user gives (issue 14, item 1): one-character names trapped in
/// Foundation's path code (SIGILL, exit 132). Each now opens or creates its store, or fails with one line
/// and exit 1 (2 for an empty path, which is bad usage) — never a signal.
@Suite struct OddStorePathTests {
    @Test(arguments: [
        ("a", 0, ""), ("./x", 0, ""), ("b/", 1, "names a directory"), ("/", 1, "directory"),
        ("~", 1, "is a directory"), ("", 2, "--store: the path is empty"),
    ])
    func ajcOpensCreatesOrRefusesInOneLine(path: String, status: Int32, message: String) async throws {
        try await Workbench.with { bench in
            let run = try await bench.run(in: bench.folder.path, try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                          ["--store", path, "queue", "ls"])
            #expect(run.status == status, "\(run)")
            if status == 0 {
                #expect(FileManager.default.fileExists(atPath: bench.file(path)), "the store is created where asked")
            } else {
                let lines = run.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].hasPrefix("ajc: ") && lines[0].contains(message), "\(run)")
            }
        }
    }

    @Test func oneLetterStoreFromTheEnvironmentAndInAjtop() async throws {
        try await Workbench.with { bench in
            let ajc = try ProductBinary.path("ajc", override: "AJC_BINARY")
            let fromEnvironment = try await bench.run(in: bench.folder.path, "/usr/bin/env", ["AJ_STORE=x", ajc, "queue", "add", "Q"])
            #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
            let listed = try await bench.run(in: bench.folder.path, ajc, ["--store", "x", "queue", "ls", "--json"])
            #expect(listed.status == 0 && listed.stdout.contains(#""name":"Q""#), "\(listed)")
            guard Workbench.ajtopIsBuilt else { return }
            let ajtop = try ProductBinary.path("ajtop", override: "AJTOP_BINARY")
            let frame = try await bench.run(in: bench.folder.path, ajtop, ["--store", "x", "--batch"])
            #expect(frame.status == 0 && frame.stdout.contains("Q"), "\(frame)")
            let empty = try await bench.run(in: bench.folder.path, ajtop, ["--store", "", "--batch"])
            #expect(empty.status == 2 && empty.stderr.contains("--store: the path is empty"), "\(empty)")
        }
    }
}
