import ArgumentParser

/// What `task retry|terminate|rm` act on: one task by id, or every task the selectors match (with
/// `--dry-run` to only count them). One or the other, never both.
struct TaskTargetOptions: ParsableArguments {
    @Argument(help: "The task's id (or use selectors).")
    var id: String?

    @OptionGroup(title: "Selectors") var selectors: TaskSelectorOptions

    @Flag(help: "With selectors: print how many tasks match and change nothing.")
    var dryRun = false

    func validate() throws {
        // With an id, -q keeps asyncjobs' meaning (`task retry ID -q Q`: the queue to retry it in), so it
        // is not counted as a selector here; commands where it has no such meaning reject it themselves.
        var selectorsBesideQueue = selectors
        selectorsBesideQueue.queue = nil
        if id != nil, !selectorsBesideQueue.isEmpty {
            throw ValidationError("give a task id or selectors (\(selectorsBesideQueue.described)), not both")
        }
        if id == nil, selectors.isEmpty {
            throw ValidationError("give a task id, or selectors: -q, --state, --type, --match, --older-than")
        }
        if id != nil, dryRun { throw ValidationError("--dry-run goes with selectors, not a task id") }
    }

    /// Refuses `-q` beside a task id, for commands where it has no meaning with an id.
    func rejectQueueWithID() throws {
        if id != nil, let queue = selectors.queue {
            throw ValidationError("give a task id or selectors (-q \(queue)), not both")
        }
    }
}
