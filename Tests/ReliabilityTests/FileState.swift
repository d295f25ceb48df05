import Foundation

/// A file's bytes, modification time and companions (`-wal`, `-shm`, `-journal`).
struct FileState: Equatable {
    let bytes: Data
    let modified: Date?
    let companions: [String]

    init(path: String) throws {
        bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        companions = ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
    }
}
