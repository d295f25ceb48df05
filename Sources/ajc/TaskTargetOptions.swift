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
        if id != nil, !selectors.isEmpty {
            throw ValidationError("give a task id or selectors (\(selectors.described)), not both")
        }
        if id == nil, selectors.isEmpty {
            throw ValidationError("give a task id, or selectors: -q, --state, --type, --match, --older-than")
        }
        if id != nil, dryRun { throw ValidationError("--dry-run goes with selectors, not a task id") }
    }
}
