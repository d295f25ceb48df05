import AsyncJobs
import Foundation

/// How a task is read from the `tasks` table: one column list used by every query, and its decoder.
enum TaskColumns {
    /// The columns ``decode(_:from:)`` expects, in order, qualified with the alias `t`.
    static let columns = names.map { "t." + $0 }.joined(separator: ", ")

    /// The same columns unqualified, for `RETURNING` (which cannot name a table alias).
    static let returningColumns = names.joined(separator: ", ")

    /// How many columns ``decode(_:from:)`` reads; a query's extra columns start here.
    static var count: Int32 { Int32(names.count) }

    private static let names = [
        "id", "type", "queue", "payload", "deadline_ns", "max_tries", "state", "created_ns", "tried_ns", "tries",
        "last_err", "result", "completed_ns", "signature", "dependencies", "load_dependencies", "dependency_results",
    ]

    /// A task state read from `column` of the statement's current row; a storage error naming what was
    /// found when this program does not know it.
    static func state(_ row: Statement, _ column: Int32) throws(JobError) -> TaskState {
        guard let state = TaskState(rawValue: row.text(column)) else {
            throw .storage("a task has an unknown state \"\(row.text(column))\" in the store")
        }
        return state
    }

    /// The task in the statement's current row, its columns starting at `first`.
    static func decode(_ row: Statement, from first: Int32 = 0) throws(JobError) -> JobTask {
        let id = row.text(first)
        guard let state = TaskState(rawValue: row.text(first + 6)) else {
            throw .storage("task \(id) has an unknown state \"\(row.text(first + 6))\" in the store")
        }
        var result: TaskResult?
        if let json = row.data(first + 11) {
            do {
                result = TaskResult(payload: try JSONValue(json: json),
                                    completed: Timestamp(nanoseconds: row.int64(first + 12)))
            } catch {
                throw .storage("task \(id) has a result that is not JSON in the store")
            }
        }
        let dependencies: [String]
        let dependencyResults: [String: TaskResult]
        do {
            dependencies = try row.data(first + 14).map { try JSONDecoder().decode([String].self, from: $0) } ?? []
            dependencyResults = try row.data(first + 16).map {
                try JSONDecoder().decode([String: TaskResult].self, from: $0)
            } ?? [:]
        } catch {
            throw .storage("task \(id) has dependencies or dependency results that are not JSON in the store")
        }
        return JobTask(
            id: id, type: row.text(first + 1), queue: row.text(first + 2), payload: row.data(first + 3),
            deadline: row.optionalInt64(first + 4).map(Timestamp.init(nanoseconds:)), maxTries: row.int(first + 5),
            result: result, state: state, created: Timestamp(nanoseconds: row.int64(first + 7)),
            tried: row.optionalInt64(first + 8).map(Timestamp.init(nanoseconds:)), tries: row.int(first + 9),
            lastError: row.optionalText(first + 10), dependencies: dependencies,
            loadDependencies: row.int64(first + 15) != 0, dependencyResults: dependencyResults,
            signature: row.optionalText(first + 13))
    }

    /// How ``JobTask/dependencies`` is stored: a JSON array, NULL when there are none.
    static func dependenciesColumn(_ task: JobTask) -> Data? {
        task.dependencies.isEmpty ? nil : try? JSONEncoder().encode(task.dependencies)
    }

    /// How ``JobTask/dependencyResults`` is stored: a JSON object by id, NULL when there are none.
    static func dependencyResultsColumn(_ results: [String: TaskResult]) -> Data? {
        results.isEmpty ? nil : try? JSONEncoder().encode(results)
    }
}
