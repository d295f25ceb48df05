import AsyncJobs

/// The store's in-memory copy of the server's records: every task, run record, queue and event, each with
/// the stream sequence it was read at (the expected sequence of the next compare-and-set write).
///
/// Fed once by an ordered scan of each stream at open, then by the live watch of each stream and by this
/// process's own writes; reads (listings, summaries, counts) are answered from it without a request.
struct Mirror: Sendable {
    /// A record and the sequence it was read at, kept in a box of its own: a dictionary keeps its values
    /// inline in every bucket, empty ones too. Changing a copy's value boxes it anew, so a copy taken out of
    /// the mirror never changes the mirror.
    struct Stored<Value: Sendable>: Sendable {
        private var box: Box

        init(value: Value, sequence: UInt64) {
            box = Box(value: value, sequence: sequence)
        }

        var value: Value {
            get { box.value }
            set { box = Box(value: newValue, sequence: box.sequence) }
        }

        var sequence: UInt64 {
            get { box.sequence }
            set { box = Box(value: box.value, sequence: newValue) }
        }

        private final class Box: Sendable {
            let value: Value
            let sequence: UInt64

            init(value: Value, sequence: UInt64) {
                self.value = value
                self.sequence = sequence
            }
        }
    }

    /// A task record and the sequence it was read at, as held (a ``CompactTask``, half a whole task's size).
    struct StoredTask: Sendable {
        /// The task's id (the mirror's key for it).
        let id: String
        /// The task as held, for what the index reads without rebuilding the task.
        let compact: CompactTask
        let sequence: UInt64

        /// The task for reads: without its payload in a mirror that holds none.
        var listed: JobTask { compact.listed(id: id) }

        /// The record for a write, or nil when the mirror does not hold its payload
        /// (``JetStreamStore/wholeTask(_:)`` reads it from the server then).
        var whole: WholeTask? { WholeTask(held: compact, id: id, sequence: sequence) }
    }

    /// A run record and the sequence it was read at.
    struct StoredRun: Sendable {
        let value: RunRecord
        let sequence: UInt64
    }

    /// Every task's records, by task id.
    private(set) var entries: [String: MirrorEntry] = [:]

    /// The task records held, by task id.
    var tasks: TaskRecords { TaskRecords(entries: entries) }

    /// The run records held, by task id.
    var runs: RunRecords { RunRecords(entries: entries) }

    /// The task records of ``entries``.
    struct TaskRecords {
        fileprivate let entries: [String: MirrorEntry]

        subscript(id: String) -> StoredTask? { entries[id]?.task(id: id) }

        /// Every task record held, in no order.
        var values: some Sequence<StoredTask> { entries.lazy.compactMap { $0.value.task(id: $0.key) } }

        /// How many task records are held (a walk of every entry).
        var count: Int { entries.values.count { $0.holdsTask } }
    }

    /// The run records of ``entries``.
    struct RunRecords {
        fileprivate let entries: [String: MirrorEntry]

        subscript(id: String) -> StoredRun? { entries[id]?.run }
    }

    var queues: [String: Stored<Queue>] = [:]
    /// The sequence at which a record was deleted here, so a late watch delivery of an older write does not
    /// bring it back.
    var deletedTasks: [String: UInt64] = [:]
    var deletedRuns: [String: UInt64] = [:]
    var deletedQueues: [String: UInt64] = [:]
    /// Events in sequence order (the newest ``eventCapacity``).
    var events: [TaskEvent] = []
    /// Moves on every change this process makes or sees.
    var version: Int64 = 0
    /// Per queue: counts and the tasks waiting, leased and waiting for their retry's item, so that reads and
    /// claims never scan every task.
    var index: [String: QueueIndex] = [:]
    /// Every task's key, oldest first (creation time, then id): listings walk it from the end.
    var order: [OrderKey] = []
    /// The tasks naming each task as a dependency.
    var dependents: [String: Set<String>] = [:]
    /// Whether task payloads are held (``JetStreamStoreMode/holdsPayloads``).
    let holdsPayloads: Bool
    /// While the first scan loads every task, `order` and the per-queue index are built once at its end
    /// (``finishLoading()``): inserting each task in place would move the whole array every time, and a task
    /// and its run record, arriving apart, would be indexed twice.
    var loading = true

    /// The most events kept in memory; older ones are read from `AJTOP_EVENTS` when asked for.
    static let eventCapacity = 100_000

    /// An empty mirror, holding task payloads or not.
    init(holdsPayloads: Bool = true) {
        self.holdsPayloads = holdsPayloads
    }

    struct QueueIndex: Sendable {
        var counts: [TaskState: Int] = [:]
        /// Tasks with an item that is not leased (ready, or scheduled).
        var waiting: Set<String> = []
        var leased: Set<String> = []
        /// Scheduled retries whose item is not in the queue stream yet.
        var unpublished: Set<String> = []
        /// No task whose published item waits here comes before this key in `order` (nil: none waits), so
        /// the oldest ready task is looked for from here on, not from the start of `order`: that walk passed
        /// every older task of every queue, four fifths of a dashboard frame over 100,000 tasks.
        var readyFrom: OrderKey?

        mutating func lowerReadyFrom(to key: OrderKey) {
            if readyFrom.map({ key < $0 }) ?? true { readyFrom = key }
        }
    }

    struct OrderKey: Sendable, Comparable {
        var created: Timestamp
        var id: String

        static func < (lhs: OrderKey, rhs: OrderKey) -> Bool { (lhs.created, lhs.id) < (rhs.created, rhs.id) }
    }

    /// Where a task sits in `index`, `order` and `dependents`. It is a pure function of the task's record
    /// and run record, so a write derives the placement it replaces from the records before it: a table
    /// of placements held one per task (18.9 MB of buckets at 100,000 tasks) is not needed.
    struct Placement: Sendable, Equatable {
        var queue: String
        var state: TaskState
        var created: Timestamp
        var itemQueue: String?
        var leased: Bool
        var published: Bool
        var dependencies: [String]
    }

    /// Where the task's current records place it; nil for a task not held.
    func placement(of id: String) -> Placement? {
        tasks[id].map { placement(of: id, task: $0.compact) }
    }

    private func placement(of id: String, task: CompactTask) -> Placement {
        let item = (runs[id]?.value ?? .implied(queue: task.queue, state: task.state, created: task.created)).item
        return Placement(queue: task.queue, state: task.state, created: task.created, itemQueue: item?.queue,
                         leased: item?.isLeased ?? false, published: item?.published ?? true,
                         dependencies: task.dependencies)
    }

    /// The task's run record, or the one implied by its state when nobody wrote one.
    func run(of id: String) -> RunRecord? {
        guard let task = tasks[id]?.compact else { return nil }
        return runs[id]?.value ?? .implied(queue: task.queue, state: task.state, created: task.created)
    }

    /// The sequence a compare-and-set write of the task's run record must expect (0: none stored).
    func runSequence(_ id: String) -> UInt64 { runs[id]?.sequence ?? 0 }

    // MARK: Applying writes

    /// Whether the task's record at `sequence` (or a later one, or its delete) is applied already.
    func knows(task id: String, at sequence: UInt64) -> Bool {
        (tasks[id]?.sequence ?? 0) >= sequence || (deletedTasks[id] ?? 0) >= sequence
    }

    /// Whether the task's run record at `sequence` (or a later one, or its delete) is applied already.
    func knows(runOf id: String, at sequence: UInt64) -> Bool {
        (runs[id]?.sequence ?? 0) >= sequence || (deletedRuns[id] ?? 0) >= sequence
    }

    /// Whether the event numbered `sequence` is held already.
    func knows(event sequence: Int64) -> Bool {
        guard let first = events.first, let last = events.last, first.sequence <= sequence, sequence <= last.sequence
        else { return false }
        let index = events.partitioningIndex { $0.sequence >= sequence }
        return index < events.count && events[index].sequence == sequence
    }

    /// Makes room for `tasks` tasks at once, before the first scan fills the mirror (growing the tables
    /// one doubling at a time showed in profiles of a 100,000-task open).
    mutating func reserve(tasks count: Int) {
        entries.reserveCapacity(count)
    }

    mutating func apply(task: JobTask, sequence: UInt64) {
        if let deleted = deletedTasks[task.id], sequence <= deleted { return }
        if let known = entries[task.id]?.task(id: task.id), known.sequence >= sequence { return }
        var task = task
        task.id = sharedID(task.id)
        let compact = CompactTask(task, holdingPayload: holdsPayloads)
        replacingPlacement(of: task.id) { mirror in
            mirror.entries[task.id] = mirror.entries[task.id]?.replacing(task: compact, sequence: sequence)
                ?? MirrorEntry(task: compact, sequence: sequence)
        }
        version += 1
    }

    mutating func apply(run: RunRecord, of id: String, sequence: UInt64) {
        if let deleted = deletedRuns[id], sequence <= deleted { return }
        if let known = entries[id]?.run, known.sequence >= sequence { return }
        let id = sharedID(id)
        replacingPlacement(of: id) { mirror in
            mirror.entries[id] = mirror.entries[id]?.replacing(run: run, sequence: sequence) ?? MirrorEntry(run: run, sequence: sequence)
        }
        version += 1
    }

    /// The one copy of `id` the mirror keeps: the key of the entry already held under it, so that the
    /// entry's key, `order`, `index` and events share one string (a KSUID is too long to be
    /// stored inline, and a copy per place cost about 6 MB at 100,000 tasks).
    private func sharedID(_ id: String) -> String {
        if let held = entries.index(forKey: id) { return entries.keys[held] }
        return id
    }

    mutating func apply(queue: Queue, sequence: UInt64) {
        if let deleted = deletedQueues[queue.name], sequence <= deleted { return }
        if let known = queues[queue.name], known.sequence >= sequence, sequence != 0 { return }
        queues[queue.name] = Stored(value: queue, sequence: sequence)
        version += 1
    }

    mutating func apply(event: TaskEvent) {
        var event = event
        // The mirror's copy of the id (20,000 events held a copy each, 1.6 MB).
        event.taskID = sharedID(event.taskID)
        if let last = events.last, last.sequence >= event.sequence {
            // A late delivery: insert it in place unless it is already there.
            let index = events.partitioningIndex { $0.sequence >= event.sequence }
            guard index == events.count || events[index].sequence != event.sequence else { return }
            events.insert(event, at: index)
        } else {
            events.append(event)
        }
        if events.count > Self.eventCapacity { events.removeFirst(events.count - Self.eventCapacity) }
        version += 1
    }

    mutating func forgetTask(_ id: String, upTo sequence: UInt64) {
        deletedTasks[id] = max(sequence, tasks[id]?.sequence ?? 0)
        deletedRuns[id] = max(sequence, runs[id]?.sequence ?? 0)
        replacingPlacement(of: id) { $0.entries[id] = nil }
        version += 1
    }

    /// Changes the task's records with `change` and moves the task from where the records before it placed
    /// it to where the records after it place it, in `index`, `order` and `dependents` (while the first scan
    /// loads, ``finishLoading()`` places every task once instead).
    private mutating func replacingPlacement(of id: String, _ change: (inout Mirror) -> Void) {
        guard !loading else { return change(&self) }
        let old = placement(of: id)
        change(&self)
        let new = placement(of: id)
        guard old != new else { return }
        if let old { unplace(id, from: old) }
        // The order changes only when a task comes or goes (its creation time never changes).
        if let old, old.created != new?.created {
            let key = OrderKey(created: old.created, id: id)
            let at = order.partitioningIndex { $0 >= key }
            if at < order.count, order[at] == key { order.remove(at: at) }
        }
        guard let new else { return }
        if old?.created != new.created {
            let key = OrderKey(created: new.created, id: id)
            order.insert(key, at: order.partitioningIndex { $0 >= key })
        }
        place(id, at: new)
    }

    private mutating func unplace(_ id: String, from placement: Placement) {
        index[placement.queue, default: QueueIndex()].counts[placement.state, default: 0] -= 1
        if let itemQueue = placement.itemQueue {
            index[itemQueue]?.waiting.remove(id)
            index[itemQueue]?.leased.remove(id)
            index[itemQueue]?.unpublished.remove(id)
        }
        for dependency in placement.dependencies { dependents[dependency]?.remove(id) }
    }

    private mutating func place(_ id: String, at placement: Placement) {
        index[placement.queue, default: QueueIndex()].counts[placement.state, default: 0] += 1
        if let itemQueue = placement.itemQueue {
            if placement.leased {
                index[itemQueue, default: QueueIndex()].leased.insert(id)
            } else {
                index[itemQueue, default: QueueIndex()].waiting.insert(id)
            }
            if !placement.published { index[itemQueue, default: QueueIndex()].unpublished.insert(id) }
            if !placement.leased, placement.published {
                index[itemQueue, default: QueueIndex()].lowerReadyFrom(to: OrderKey(created: placement.created, id: id))
            }
        }
        for dependency in placement.dependencies { dependents[dependency, default: []].insert(id) }
    }

    /// Ends the first scan: indexes every task and sorts them into `order`, once.
    mutating func finishLoading() {
        // An entry with only a run record (its task's record is not written yet) is no task until it is.
        for (id, entry) in entries { if let task = entry.task(id: id) { place(id, at: placement(of: id, task: task.compact)) } }
        order = entries.compactMap { id, entry in entry.task(id: id).map { OrderKey(created: $0.compact.created, id: id) } }.sorted()
        loading = false
    }

    /// The run record of each task of `ids`, with its item.
    func items(_ ids: Set<String>) -> [(id: String, item: RunRecord.Item)] {
        ids.compactMap { id in run(of: id)?.item.map { (id, $0) } }
    }

    /// Every lease of every queue.
    var allLeased: [(id: String, item: RunRecord.Item)] {
        index.values.flatMap { items($0.leased) }
    }

    mutating func forgetQueue(_ name: String, upTo sequence: UInt64) {
        deletedQueues[name] = max(sequence, queues[name]?.sequence ?? 0)
        queues[name] = nil
        version += 1
    }

    /// Drops events older than `cutoff`.
    mutating func pruneEvents(before cutoff: Timestamp) {
        let index = events.partitioningIndex { $0.at >= cutoff }
        if index > 0 { events.removeFirst(index) }
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
