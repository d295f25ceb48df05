import Foundation

/// A fresh directory for one test's store files, removed when the value is released.
final class TemporaryStorePath: Sendable {
    /// The directory.
    let directory: String
    /// `store.sqlite` inside it (not created).
    var store: String { directory + "/store.sqlite" }

    init() {
        let base = FileManager.default.temporaryDirectory.path
        directory = "\(base)/ajtop-sqlite-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A path inside the directory.
    func file(_ name: String) -> String { directory + "/" + name }
}
