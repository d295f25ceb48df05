import AsyncJobsTesting
import Foundation

/// A SQLite store in a temporary folder of its own, for one end-to-end test: prepared and checked with the
/// real `ajc`, as an operator's other processes would. The folder goes with the value.
final class ScratchStore {
    let folder: URL
    /// The store file, for `--store`.
    let path: String

    /// A fresh folder named `prefix-<uuid>` with no store in it yet (the first `ajc` or `ajtop` makes it).
    init(_ prefix: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("store.sqlite").path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs `ajc --store <the store> arguments…`; throws (failing the test) unless it exits 0.
    @discardableResult
    func ajc(_ arguments: [String]) async throws -> String {
        let result = try await Binaries.run("ajc", ["--store", path] + arguments)
        guard result.status == 0 else {
            throw TmuxSession.Failure(description: "ajc \(arguments.joined(separator: " ")) failed: \(result.error)")
        }
        return result.output
    }

    /// `ajc --store <the store> arguments… --json`, parsed.
    func ajcJSON(_ arguments: [String]) async throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try await ajc(arguments + ["--json"]).utf8))
    }
}
