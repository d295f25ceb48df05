/// A store whose queues' MaxConcurrent slots can be held by more than running handlers, and which can say by
/// whom: in asyncjobs' JetStream layout a Go worker's delayed retry keeps its work item pending, so it holds a
/// slot while nothing runs. Dashboards ask a store for this only when it conforms.
public protocol SlotReporting: Sendable {
    /// Who holds the slots of the queue named `queue` right now.
    func slots(queue: String) async throws -> QueueSlots
}
