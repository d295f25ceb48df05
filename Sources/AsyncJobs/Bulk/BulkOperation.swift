/// Runs a ``BulkAction`` over a list of task ids in store transactions of ``batchSize`` tasks, reporting
/// progress after each, so a dashboard keeps drawing and a command line can show how far it got.
///
/// Each batch is one ``InspectorStore/apply(_:to:)`` call: large enough that 100,000 tasks are a hundred
/// transactions, small enough that one batch never holds the store's write lock for long.
public struct BulkOperation: Sendable {
    /// Tasks per store transaction.
    public static let batchSize = 1_000

    /// The action to apply.
    public let action: BulkAction
    /// The tasks, in the order they are processed.
    public let taskIDs: [String]

    /// Creates an operation applying `action` to `taskIDs`.
    public init(_ action: BulkAction, taskIDs: [String]) {
        self.action = action
        self.taskIDs = taskIDs
    }

    /// Applies the action batch by batch; `progress` gets the running outcome after every batch. Stops at
    /// the first store error, with the batches before it applied.
    @discardableResult
    public func run(on store: any InspectorStore,
                    progress: @Sendable (BulkOutcome) async -> Void = { _ in }) async throws -> BulkOutcome {
        var outcome = BulkOutcome()
        var start = taskIDs.startIndex
        while start < taskIDs.endIndex {
            let end = min(start + Self.batchSize, taskIDs.endIndex)
            outcome = outcome + (try await store.apply(action, to: Array(taskIDs[start..<end])))
            await progress(outcome)
            start = end
        }
        return outcome
    }
}
