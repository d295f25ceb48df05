import Foundation

/// What a test needs to prove a refused open left a file alone: its bytes and its neighbours.
struct FileSnapshot: Equatable {
    let bytes: Data?
    let siblings: [String]

    init(path: String) {
        bytes = FileManager.default.contents(atPath: path)
        let directory = (path as NSString).deletingLastPathComponent
        siblings = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}
