import ArgumentParser
import AsyncJobs
import Foundation

/// The selector form of `task retry|terminate|rm`: resolves the selectors to task ids, prints the count
/// for `--dry-run`, asks (or needs `-f`) for destructive actions, then applies the action in batches with
/// progress on stderr.
struct BulkTaskAction {
    let action: BulkAction
    let selectors: TaskSelectorOptions
    let dryRun: Bool
    /// Nil for actions that never ask (retry changes no outcome for good).
    let force: ForceOption?

    func run(on store: any InspectorStore) async throws {
        let ids = try await store.taskIDs(selectors.filter(now: .now))
        let count = BulkOutcome.grouped(ids.count)
        let noun = ids.count == 1 ? "task" : "tasks"
        if dryRun {
            return print("\(count) \(noun) match \(selectors.described); --dry-run: nothing was changed")
        }
        guard !ids.isEmpty else { return print("No tasks match \(selectors.described)") }
        try force?.confirm("\(action.verb.capitalized) \(count) \(noun) matching \(selectors.described)?")
        let showProgress = isatty(STDERR_FILENO) == 1
        let outcome = try await BulkOperation(action, taskIDs: ids).run(on: store) { done in
            guard showProgress else { return }
            FileHandle.standardError.write(Data("\r\(action.pastTense) \(BulkOutcome.grouped(done.total)) of \(count)…".utf8))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(outcome.summary(of: action).prefix(1).uppercased() + outcome.summary(of: action).dropFirst())
    }
}
