/// A task's two records as the mirror holds them, its task record and its run record, each with the sequence
/// it was read at (the expected sequence of the next compare-and-set write of it), in one box.
///
/// One box per task and one table for both records: a table of each cost a second dictionary (6.3 MB of
/// buckets at 100,000 tasks, a dictionary keeps its values inline in every bucket, empty ones too) and a
/// second allocation per task. Either record may be absent: the first scan reads the two streams side by
/// side, so a run record can arrive before its task. Changing an entry boxes it anew, so a copy taken out
/// of the mirror never changes the mirror.
struct MirrorEntry: Sendable {
    private let box: Box

    private init(_ box: Box) { self.box = box }

    /// An entry holding only the task record.
    init(task: CompactTask, sequence: UInt64) {
        box = Box(task: task, taskSequence: sequence, run: nil, runSequence: 0)
    }

    /// An entry holding only the run record.
    init(run: RunRecord, sequence: UInt64) {
        box = Box(task: nil, taskSequence: 0, run: run, runSequence: sequence)
    }

    /// The task record of task `id` (the entry's key), nil while only its run record is held.
    func task(id: String) -> Mirror.StoredTask? {
        box.task.map { Mirror.StoredTask(id: id, compact: $0, sequence: box.taskSequence) }
    }

    /// Whether the task record is held.
    var holdsTask: Bool { box.task != nil }

    /// The run record, nil when none is stored (a task enqueued by a Go program).
    var run: Mirror.StoredRun? { box.run.map { Mirror.StoredRun(value: $0, sequence: box.runSequence) } }

    /// This entry with its task record replaced.
    func replacing(task: CompactTask, sequence: UInt64) -> MirrorEntry {
        MirrorEntry(Box(task: task, taskSequence: sequence, run: box.run, runSequence: box.runSequence))
    }

    /// This entry with its run record replaced.
    func replacing(run: RunRecord, sequence: UInt64) -> MirrorEntry {
        MirrorEntry(Box(task: box.task, taskSequence: box.taskSequence, run: run, runSequence: sequence))
    }

    private final class Box: Sendable {
        let task: CompactTask?
        let run: RunRecord?
        let taskSequence: UInt64
        let runSequence: UInt64

        init(task: CompactTask?, taskSequence: UInt64, run: RunRecord?, runSequence: UInt64) {
            self.task = task
            self.taskSequence = taskSequence
            self.run = run
            self.runSequence = runSequence
        }
    }
}
