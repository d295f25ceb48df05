import Foundation
import Testing

/// The real `ajtop` binary's command line: usage errors and batch output.
@Suite struct CommandLineTests {
    @Test(arguments: [["--bogus"], ["--refresh", "soon"], ["--refresh", "0s"], ["--iterations", "2"],
                      ["--batch", "--iterations", "0"], ["--workers", "2"], ["--handler", "no-equals-sign"],
                      ["--handler", "t="], ["--handler", "t=  "], ["--workers", "0", "--handler", "t=true"], ["--demo", "--handler", "t=true"],
                      ["--demo", "--read-only"], ["--demo", "--batch"], ["--handler", "=true", "--read-only"], ["--queue", "emails"],
                      ["--keys", "h"], ["--batch", "--keys", "Enter Hyper"]])
    func usageErrorsAreOneLineAndExitTwo(arguments: [String]) async throws {
        let result = try await Binaries.run("ajtop", arguments)
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("ajtop: "))
        #expect(result.error.split(separator: "\n").count == 1)
        #expect(result.output.isEmpty)
    }

    @Test func helpExitsZero() async throws {
        let result = try await Binaries.run("ajtop", ["--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("--refresh"))
        #expect(result.output.contains("--read-only"))
        #expect(result.output.contains("--demo"))
        #expect(result.output.contains("--handler <type=command>"))
    }
}
