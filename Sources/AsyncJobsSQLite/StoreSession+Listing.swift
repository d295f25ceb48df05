import AsyncJobs

extension StoreSession {
    /// A page of tasks passing `filter`, newest first (creation time, then id).
    ///
    /// With a queue or several states, each (queue, state) pair is read in index order and cut at
    /// offset + limit rows before the pages are merged, so a page costs the same with a million tasks as
    /// with a hundred: no query sorts the whole table.
    func tasks(_ filter: TaskFilter) throws -> [JobTask] {
        guard filter.limit > 0 else { return [] }
        let extra = Self.extraConditions(filter)
        let order = "ORDER BY created_ns DESC, id DESC"
        // A queue's tasks are indexed by (queue, state, created): listing a whole queue merges its states.
        let wanted = Self.requestedStates(filter) ?? (filter.queue == nil ? nil : TaskState.allCases)
        let states = try wanted.map { try nonEmptyStates(among: $0, queue: filter.queue) }
        let scope = filter.queue == nil ? "" : "queue = ? AND "
        let scopeValues: [any SQLValueConvertible] = filter.queue.map { [$0] } ?? []
        let sql: String
        var values: [any SQLValueConvertible] = []
        switch states {
        case nil:
            sql = "SELECT \(TaskRow.columns) FROM tasks t WHERE \(extra.sql) \(order) LIMIT ? OFFSET ?"
            values = extra.values
        case let states? where states.isEmpty:
            return []
        case let states? where states.count == 1:
            sql = "SELECT \(TaskRow.columns) FROM tasks t WHERE \(scope)state = ? AND \(extra.sql) \(order) LIMIT ? OFFSET ?"
            values = scopeValues + [states[0].rawValue] + extra.values
        case let states?:
            let branch = "SELECT * FROM (SELECT * FROM tasks WHERE \(scope)state = ? AND \(extra.sql) \(order) LIMIT ?)"
            sql = "SELECT \(TaskRow.columns) FROM ("
                + Array(repeating: branch, count: states.count).joined(separator: " UNION ALL ")
                + ") t \(order) LIMIT ? OFFSET ?"
            for state in states {
                values += scopeValues + [state.rawValue] + extra.values + [filter.offset + filter.limit]
            }
        }
        values += [filter.limit, filter.offset]
        return try db.query(sql, values) { try TaskRow.decode($0) }
    }

    /// The number of tasks passing `filter`, ignoring paging; from the maintained counts when only queue
    /// and states are asked for.
    func countTasks(_ filter: TaskFilter) throws -> Int {
        let states = Self.requestedStates(filter)
        let scope = filter.queue == nil ? "" : "queue = ? AND "
        let scopeValues: [any SQLValueConvertible] = filter.queue.map { [$0] } ?? []
        let stateList = states.map { "state IN (\(Array(repeating: "?", count: $0.count).joined(separator: ", ")))" } ?? "1"
        let stateValues: [any SQLValueConvertible] = states?.map(\.rawValue) ?? []
        let extra = Self.extraConditions(filter)
        if extra.values.isEmpty {
            let sql = "SELECT sum(n) FROM counts WHERE \(scope)\(stateList)"
            return try db.query(sql, scopeValues + stateValues) { $0.int(0) }.first ?? 0
        }
        let sql = "SELECT count(*) FROM tasks WHERE \(scope)\(stateList) AND \(extra.sql)"
        return try db.query(sql, scopeValues + stateValues + extra.values) { $0.int(0) }.first ?? 0
    }

    /// The filter's states in a fixed order, or nil for any state.
    private static func requestedStates(_ filter: TaskFilter) -> [TaskState]? {
        guard let states = filter.states, !states.isEmpty else { return nil }
        return TaskState.allCases.filter(states.contains)
    }

    /// Those of `states` that have tasks (in the queue, or anywhere), from the maintained counts.
    private func nonEmptyStates(among states: [TaskState], queue: String?) throws -> [TaskState] {
        let present = Set(try db.query("""
            SELECT state FROM counts WHERE (?1 IS NULL OR queue = ?1) GROUP BY state HAVING sum(n) > 0
            """, queue) { $0.text(0) })
        return states.filter { present.contains($0.rawValue) }
    }

    /// The type and text conditions of `filter` as SQL over unqualified `tasks` columns ("1" when none).
    private static func extraConditions(_ filter: TaskFilter) -> (sql: String, values: [any SQLValueConvertible]) {
        var conditions: [String] = []
        var values: [any SQLValueConvertible] = []
        if let type = filter.type {
            conditions.append("type = ?")
            values.append(type)
        }
        if let text = filter.text, !text.isEmpty {
            // instr is case-sensitive, as the filter's contract asks; LIKE would not be.
            conditions.append("(instr(id, ?) > 0 OR instr(type, ?) > 0 OR instr(coalesce(last_err, ''), ?) > 0)")
            values += [text, text, text]
        }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), values)
    }
}
