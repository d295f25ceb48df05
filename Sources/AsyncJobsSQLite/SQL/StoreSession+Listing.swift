import Foundation
import AsyncJobs

extension StoreSession {
    /// Most (queue, state) partitions merged in one listing query; SQLite allows 500 terms in a compound
    /// SELECT. Beyond it, a listing falls back to walking the creation-time index.
    static let maxMergedPartitions = 400

    /// A page of tasks passing `filter`, newest first (creation time, then id).
    ///
    /// Tasks are indexed by (queue, state, created). When the filter names a queue or states, each
    /// non-empty (queue, state) partition it covers is read in index order and cut at offset + limit rows
    /// before the pieces are merged, so a page costs the same with a million tasks as with a hundred: no
    /// query sorts the whole table. Without either, the creation-time index is walked.
    func tasks(_ filter: TaskFilter) throws -> [JobTask] {
        guard filter.limit > 0 else { return [] }
        let extra = Self.extraConditions(filter)
        let order = "ORDER BY created_ns DESC, id DESC"
        var values: [any SQLValueConvertible] = []
        let sql: String
        let partitions = try partitions(of: filter)
        if let partitions, partitions.count <= Self.maxMergedPartitions {
            guard !partitions.isEmpty else { return [] }
            let branch = "SELECT * FROM (SELECT * FROM tasks WHERE queue = ? AND state = ? AND \(extra.sql) \(order) LIMIT ?)"
            sql = "SELECT \(TaskColumns.columns) FROM ("
                + Array(repeating: branch, count: partitions.count).joined(separator: " UNION ALL ")
                + ") t \(order) LIMIT ? OFFSET ?"
            for partition in partitions {
                values += [partition.queue, partition.state.rawValue] + extra.values + [filter.offset + filter.limit]
            }
        } else {
            let scope = Self.scopeConditions(filter)
            sql = "SELECT \(TaskColumns.columns) FROM tasks t WHERE \(scope.sql) AND \(extra.sql) \(order) LIMIT ? OFFSET ?"
            values = scope.values + extra.values
        }
        values += [filter.limit, filter.offset]
        return try db.query(sql, values) { try TaskColumns.decode($0) }
    }

    /// The ids of every task passing `filter`, ignoring paging, newest first.
    func taskIDs(_ filter: TaskFilter) throws -> [String] {
        let scope = Self.scopeConditions(filter)
        let extra = Self.extraConditions(filter)
        return try db.query("SELECT id FROM tasks WHERE \(scope.sql) AND \(extra.sql) ORDER BY created_ns DESC, id DESC",
                            scope.values + extra.values) { $0.text(0) }
    }

    /// The digests of every task passing `filter`, ignoring paging, newest first: the light columns only.
    func taskDigests(_ filter: TaskFilter) throws -> [TaskDigest] {
        let scope = Self.scopeConditions(filter)
        let extra = Self.extraConditions(filter)
        return try db.query("SELECT id, type, state, created_ns, tried_ns, tries, last_err FROM tasks "
                            + "WHERE \(scope.sql) AND \(extra.sql) ORDER BY created_ns DESC, id DESC",
                            scope.values + extra.values) { row in
            TaskDigest(id: row.text(0), type: row.text(1), state: try TaskColumns.state(row, 2),
                       created: Timestamp(nanoseconds: row.int64(3)),
                       tried: row.optionalInt64(4).map(Timestamp.init(nanoseconds:)), tries: row.int(5),
                       lastError: row.optionalText(6))
        }
    }

    /// The number of tasks passing `filter`, ignoring paging; from the maintained counts when only queue
    /// and states are asked for.
    func countTasks(_ filter: TaskFilter) throws -> Int {
        let scope = Self.scopeConditions(filter)
        let extra = Self.extraConditions(filter)
        let sql = extra.values.isEmpty
            ? "SELECT sum(n) FROM counts WHERE \(scope.sql)"
            : "SELECT count(*) FROM tasks WHERE \(scope.sql) AND \(extra.sql)"
        return try db.query(sql, scope.values + extra.values) { $0.int(0) }.first ?? 0
    }

    /// The non-empty (queue, state) partitions the filter covers, from the maintained counts; nil when it
    /// names neither a queue nor states (every task qualifies).
    func partitions(of filter: TaskFilter) throws -> [(queue: String, state: TaskState)]? {
        guard filter.queue != nil || Self.requestedStates(filter) != nil else { return nil }
        let scope = Self.scopeConditions(filter)
        return try db.query("SELECT queue, state FROM counts WHERE \(scope.sql) AND n > 0 ORDER BY queue, state",
                            scope.values) { row in
            guard let state = TaskState(rawValue: row.text(1)) else {
                throw JobError.storage("queue \(row.text(0)) counts tasks in an unknown state \"\(row.text(1))\"")
            }
            return (row.text(0), state)
        }
    }

    /// The filter's states in a fixed order, or nil for any state.
    private static func requestedStates(_ filter: TaskFilter) -> [TaskState]? {
        guard let states = filter.states, !states.isEmpty else { return nil }
        return TaskState.allCases.filter(states.contains)
    }

    /// The queue and state conditions of `filter`, over columns `queue` and `state` ("1" when none).
    private static func scopeConditions(_ filter: TaskFilter) -> (sql: String, values: [any SQLValueConvertible]) {
        var conditions: [String] = []
        var values: [any SQLValueConvertible] = []
        if let queue = filter.queue {
            conditions.append("queue = ?")
            values.append(queue)
        }
        if let states = requestedStates(filter) {
            conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            values += states.map(\.rawValue)
        }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), values)
    }

    /// `strings` as a JSON array (encoding an array of strings cannot fail).
    private static func jsonArray(_ strings: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The type, age, id and text conditions of `filter` as SQL over unqualified `tasks` columns ("1" when none).
    private static func extraConditions(_ filter: TaskFilter) -> (sql: String, values: [any SQLValueConvertible]) {
        var conditions: [String] = []
        var values: [any SQLValueConvertible] = []
        if let type = filter.type {
            conditions.append("type = ?")
            values.append(type)
        }
        if let createdBefore = filter.createdBefore {
            conditions.append("created_ns < ?")
            values.append(createdBefore)
        }
        if let ids = filter.ids {
            // One parameter however many ids (an error group may hold 100,000): a JSON array, read by json_each.
            conditions.append("id IN (SELECT value FROM json_each(?))")
            values.append(Self.jsonArray(ids.sorted()))
        }
        if let text = filter.text, !text.isEmpty {
            // instr is case-sensitive, as the filter's contract asks; LIKE would not be. The payload is a
            // BLOB: with the text bound as a BLOB too, instr compares raw bytes, whatever the encoding.
            conditions.append("(instr(id, ?) > 0 OR instr(type, ?) > 0 OR instr(coalesce(last_err, ''), ?) > 0"
                + " OR instr(coalesce(payload, x''), ?) > 0)")
            values += [text, text, text, Data(text.utf8)]
        }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), values)
    }
}
