import AsyncJobs

/// A task record with everything it stores, payload included, and the sequence a compare-and-set write of
/// it expects: what every write of a task record starts from (``JetStreamStore/putTask(_:announcing:)``
/// takes nothing else).
///
/// A store that holds no payloads (``JetStreamStoreMode/observing``, ``JetStreamStoreMode/snapshot``) lists
/// tasks without them, so a write built from a listed task would erase the payload on the server. A whole
/// task is made only from a whole record: the mirror's when it holds payloads, the stored bytes read from
/// the server, or a new task (expecting no record at all, so the server refuses it over an existing one).
struct WholeTask: Sendable, Equatable {
    /// The record, changed freely by the write that made this value (a change keeps it whole).
    var task: JobTask
    /// The sequence the write expects (0: no record yet).
    private(set) var sequence: UInt64

    private init(task: JobTask, sequence: UInt64) {
        self.task = task
        self.sequence = sequence
    }

    /// A task not stored yet: its write expects no record on the subject.
    static func new(_ task: JobTask) -> WholeTask { WholeTask(task: task, sequence: 0) }

    /// The record as stored (asyncjobs' task JSON) at `sequence`.
    init(stored bytes: [UInt8], sequence: UInt64) throws {
        self.init(task: try JobTask(wireJSON: bytes), sequence: sequence)
    }

    /// The mirror's record of task `id` at `sequence`, or nil when the mirror does not hold its payload.
    init?(held compact: CompactTask, id: String, sequence: UInt64) {
        guard let task = compact.whole(id: id) else { return nil }
        self.init(task: task, sequence: sequence)
    }

    /// The same record written over the one stored at `sequence` (a fenced write that settled a conflict).
    func expecting(_ sequence: UInt64) -> WholeTask { WholeTask(task: task, sequence: sequence) }
}
