import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Workbench {
    /// `ajc task view ID --json`, parsed.
    func taskJSON(_ id: String) async throws -> [String: Any] {
        let run = try await ajcOK("task", "view", id, "--json")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// Waits until the task is in `state`; its `ajc task view --json`.
    func waitForTask(_ id: String, state: TaskState, in store: any JobStore) async throws -> [String: Any] {
        try await eventually(timeout: .seconds(60), "task \(id) to be \(state)") { try await store.task(id: id).state == state }
        return try await taskJSON(id)
    }

    /// The text listings a person reads show every task of `queue` and put no control characters (which
    /// a terminal would obey) on the screen.
    func expectReadableListings(queue: String) async throws {
        let tasks = try await ajcOK("task", "ls", "-q", queue)
        let control = CharacterSet.controlCharacters.subtracting(CharacterSet(charactersIn: "\n\t"))
        #expect(tasks.stdout.unicodeScalars.allSatisfy { !control.contains($0) }, "task ls: \(tasks.stdout.debugDescription)")
        for line in tasks.stdout.split(separator: "\n").dropFirst() {
            guard let id = line.split(separator: " ").first else { continue }
            let view = try await ajcOK("task", "view", String(id))
            #expect(view.stdout.unicodeScalars.allSatisfy { !control.contains($0) }, "task view \(id): \(view.stdout.debugDescription)")
        }
    }
}
