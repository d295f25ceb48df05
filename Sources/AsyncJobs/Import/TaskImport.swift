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
        let tasks = try tasks(from: input)
        // An empty input into a missing queue is still a mistake worth reporting (DEFAULT is implicit).
        if queue != Queue.defaultName { _ = try await store.queue(named: queue) }
        if !tasks.isEmpty { try await store.enqueue(tasks) }
        return tasks.count
    }

    /// The tasks `input` describes, in input order; throws for the first bad line.
    public func tasks(from input: Data) throws(TaskImportError) -> [JobTask] {
        if let type {
            do { try NameValidation.check(type, as: "task type") } catch {
                throw TaskImportError(line: 0, reason: error.description)
            }
        }
        do { try NameValidation.check(queue, as: "queue name") } catch {
            throw TaskImportError(line: 0, reason: error.description)
        }
        let lines = Self.lineRanges(of: input)
        // Parsing dominates a large import, so chunks of lines are parsed on every core.
        let chunkCount = min(max(1, lines.count / 10_000), ProcessInfo.processInfo.activeProcessorCount * 4)
        let chunkSize = (lines.count + chunkCount - 1) / max(chunkCount, 1)
        let results = ChunkResults(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = (chunk * chunkSize)..<min(lines.count, (chunk + 1) * chunkSize)
            var ids = SequentialKSUIDs(at: now)
            var tasks: [JobTask] = []
            tasks.reserveCapacity(range.count)
            for index in range {
                let line = lines[index]
                do throws(LineError) {
                    if let task = try parse(input[line.range], ids: &ids) { tasks.append(task) }
                } catch {
                    results.store(.failure(TaskImportError(line: line.number, reason: error.reason)), at: chunk)
                    return
                }
            }
            results.store(.success(tasks), at: chunk)
        }
        var tasks: [JobTask] = []
        tasks.reserveCapacity(lines.count)
        for result in results.values {
            switch result {
            case .success(let chunk): tasks.append(contentsOf: chunk)
            case .failure(let error): throw error
            case nil: break
            }
        }
        return tasks
    }

    /// One line as a task; nil for a blank line.
    func parse(_ line: Data, ids: inout SequentialKSUIDs) throws(LineError) -> JobTask? {
        let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        if content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
        let task: JobTask
        if let type {
            task = JobTask(id: ids.next(), type: type, queue: queue,
                           payload: Data(content), created: now)
        } else {
            task = try parseObject(content, ids: &ids)
        }
        do { try task.validate() } catch { throw LineError(reason: error.description) }
        return task
    }

    /// A JSON object line as a task.
    func parseObject(_ line: Data, ids: inout SequentialKSUIDs) throws(LineError) -> JobTask {
        let fields = try ImportLineParser.parse(line)
        guard let type = fields.type else { throw LineError(reason: "\"type\" is missing") }
        var task = JobTask(id: fields.id ?? ids.next(), type: type, queue: queue,
                           maxTries: fields.maxTries ?? JobTask.defaultMaxTries, created: now)
        task.payload = fields.payload.map { Data($0) }
        if let text = fields.deadline {
            if let time = Timestamp(rfc3339: text) { task.deadline = time }
            else if let duration = GoDuration.parse(text) { task.deadline = now + duration }
            else { throw LineError(reason: "\"deadline\" \"\(text)\" is neither an RFC 3339 time nor a duration like 90s") }
        }
        return task
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
        private let slots: Mutex<[Result<[JobTask], TaskImportError>?]>

        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

        func store(_ result: Result<[JobTask], TaskImportError>, at index: Int) {
            slots.withLock { $0[index] = result }
        }

        var values: [Result<[JobTask], TaskImportError>?] { slots.withLock { $0 } }
    }

    /// Why one line failed, before its number is attached.
    struct LineError: Error {
        var reason: String
    }
}
