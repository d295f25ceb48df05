import Foundation
import Synchronization

/// Bulk enqueue from line-oriented text: what `ajc task import` does.
///
/// Each non-blank line is one task. With a fixed ``type`` the line's bytes are the task's payload;
/// otherwise the line is a JSON object `{"type", "payload"?, "id"?, "deadline"?, "max_tries"?}` where
/// `payload` is any JSON value (stored as its JSON text, exactly as written), `deadline` is an RFC 3339 time or a
/// Go duration from now, and no other keys are allowed (a misspelt key is an error, not silently dropped).
///
/// All or nothing: every line is parsed and validated before anything is written, and the tasks are then
/// written with one ``WorkerStore/enqueue(_:)`` call, which stores apply as one transaction.
public struct TaskImport: Sendable {
    /// The queue every task goes to.
    public var queue: String
    /// When set, every line is a payload of this type.
    public var type: String?
    /// The creation time of every task, and the base of relative deadlines.
    public var now: Timestamp

    /// Creates an import into `queue`.
    public init(queue: String = Queue.defaultName, type: String? = nil, now: Timestamp = .now) {
        self.queue = queue
        self.type = type
        self.now = now
    }

    /// Parses `input` and enqueues every task into `store`; returns how many.
    @discardableResult
    public func run(_ input: Data, into store: any JobStore) async throws -> Int {
        let parsed = try parse(input)
        // An empty input into a missing queue is still a mistake worth reporting (DEFAULT is implicit).
        if queue != Queue.defaultName { _ = try await store.queue(named: queue) }
        guard !parsed.tasks.isEmpty else { return 0 }
        do {
            try await store.enqueue(parsed.tasks)
        } catch JobError.taskExists(let id) where parsed.lineOfID[id] != nil {
            throw TaskImportError(line: parsed.lineOfID[id] ?? 0, reason: JobError.taskExists(id).description)
        }
        return parsed.tasks.count
    }

    /// The tasks `input` describes, in input order; throws for the first bad line.
    public func tasks(from input: Data) throws(TaskImportError) -> [JobTask] {
        try parse(input).tasks
    }

    /// What an input holds: its tasks, and the line of every id the input gave itself (so that an id the
    /// store already holds is reported with its line).
    struct Parsed {
        var tasks: [JobTask]
        var lineOfID: [String: Int]
    }

    /// The UTF-8 byte order mark some editors put at the start of a file; it is not part of the first line.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// ``tasks(from:)`` with the lines of the input's own ids; a repeated id is the later line's error.
    func parse(_ input: Data) throws(TaskImportError) -> Parsed {
        if let type {
            do { try NameValidation.check(type, as: "task type") } catch {
                throw TaskImportError(line: 0, reason: error.description)
            }
        }
        do { try NameValidation.check(queue, as: "queue name") } catch {
            throw TaskImportError(line: 0, reason: error.description)
        }
        let lines = Self.lineRanges(of: input.starts(with: Self.byteOrderMark) ? input.dropFirst(Self.byteOrderMark.count) : input)
        // Parsing dominates a large import, so chunks of lines are parsed on every core.
        let chunkCount = min(max(1, lines.count / 10_000), ProcessInfo.processInfo.activeProcessorCount * 4)
        let chunkSize = (lines.count + chunkCount - 1) / max(chunkCount, 1)
        let results = ChunkResults(count: chunkCount)
        ChunkThreads.run(chunkCount) { [self] chunk in
            let range = (chunk * chunkSize)..<min(lines.count, (chunk + 1) * chunkSize)
            var ids = SequentialKSUIDs(at: now)
            var parsed = ChunkResults.Chunk()
            parsed.tasks.reserveCapacity(range.count)
            for index in range {
                let line = lines[index]
                do throws(LineError) {
                    guard let (task, ownID) = try parse(input[line.range], ids: &ids) else { continue }
                    parsed.tasks.append(task)
                    if ownID { parsed.ownIDs.append((task.id, line.number)) }
                } catch {
                    results.store(.failure(TaskImportError(line: line.number, reason: error.reason)), at: chunk)
                    return
                }
            }
            results.store(.success(parsed), at: chunk)
        }
        var tasks: [JobTask] = []
        tasks.reserveCapacity(lines.count)
        var lineOfID: [String: Int] = [:]
        for result in results.values {
            switch result {
            case .success(let chunk):
                tasks.append(contentsOf: chunk.tasks)
                for (id, line) in chunk.ownIDs {
                    if let first = lineOfID.updateValue(line, forKey: id) {
                        throw TaskImportError(line: line, reason: "task id \"\(id)\" is also on line \(first)")
                    }
                }
            case .failure(let error): throw error
            case nil: break
            }
        }
        return Parsed(tasks: tasks, lineOfID: lineOfID)
    }

    /// One line as a task, and whether the line gave its id; nil for a blank line.
    func parse(_ line: Data, ids: inout SequentialKSUIDs) throws(LineError) -> (task: JobTask, ownID: Bool)? {
        let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        if content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
        let parsed: (task: JobTask, ownID: Bool)
        if let type {
            parsed = (JobTask(id: ids.next(), type: type, queue: queue, payload: Data(content), created: now), false)
        } else {
            parsed = try parseObject(content, ids: &ids)
        }
        do { try parsed.task.validate() } catch { throw LineError(reason: error.description) }
        return parsed
    }

    /// A JSON object line as a task, and whether the line gave its id.
    func parseObject(_ line: Data, ids: inout SequentialKSUIDs) throws(LineError) -> (task: JobTask, ownID: Bool) {
        let fields = try ImportLineParser.parse(line)
        guard let type = fields.type else { throw LineError(reason: "\"type\" is missing") }
        var task = JobTask(id: fields.id ?? ids.next(), type: type, queue: queue,
                           maxTries: fields.maxTries ?? JobTask.defaultMaxTries, created: now)
        task.payload = fields.payload.map { Data($0) }
        if let text = fields.deadline {
            if let time = Timestamp(rfc3339: text) { task.deadline = time }
            else if let duration = GoDuration.parse(text) { task.deadline = now + duration }
            else { throw LineError(reason: "\"deadline\" \"\(text)\" is neither an RFC 3339 time nor a duration like 90s") }
            // A task born past its deadline would only ever expire.
            if let deadline = task.deadline, deadline <= now {
                throw LineError(reason: "\"deadline\" \"\(text)\" is not in the future")
            }
        }
        return (task, fields.id != nil)
    }

    /// The byte range and 1-based number of every line.
    static func lineRanges(of input: Data) -> [(range: Range<Data.Index>, number: Int)] {
        var lines: [(range: Range<Data.Index>, number: Int)] = []
        var start = input.startIndex
        var number = 1
        input.withUnsafeBytes { bytes in
            for offset in 0..<bytes.count where bytes[offset] == UInt8(ascii: "\n") {
                let end = input.startIndex + offset
                lines.append((start..<end, number))
                start = end + 1
                number += 1
            }
        }
        if start < input.endIndex { lines.append((start..<input.endIndex, number)) }
        return lines
    }

    /// Each parallel chunk's tasks or first error, in chunk order.
    final class ChunkResults: Sendable {
        /// One chunk's tasks and the ids its lines gave themselves, with their line numbers.
        struct Chunk: Sendable {
            var tasks: [JobTask] = []
            var ownIDs: [(id: String, line: Int)] = []
        }

        private let slots: Mutex<[Result<Chunk, TaskImportError>?]>

        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

        func store(_ result: Result<Chunk, TaskImportError>, at index: Int) {
            slots.withLock { $0[index] = result }
        }

        var values: [Result<Chunk, TaskImportError>?] { slots.withLock { $0 } }
    }

    /// Why one line failed, before its number is attached.
    struct LineError: Error {
        var reason: String
    }
}
