import AsyncJobs

/// The Workers screen: the local worker pools (phase, slots in use, finished attempts by outcome) and
/// every handler slot, idle or running a task, with its elapsed time against the queue's MaxRunTime.
public enum WorkersScreen {
    /// Finished outcomes in the order the screen counts them; `running` is never a finished outcome.
    static let outcomes: [Attempt.Outcome] = [.complete, .failed, .timeout, .terminated, .interrupted]

    static let columns: [TableWidget.Column] = [
        .init("QUEUE", .fixed(10)),
        .init("#", .fixed(2), alignRight: true),
        .init("TASK", .flexible(minimum: 10)),
        .init("TYPE", .fixed(15)),
        .init("TRY", .fixed(3), alignRight: true),
        .init("ELAPSED", .fixed(7), alignRight: true),
        .init("RUN TIME", .flexible(minimum: 5)),
        .init("MAX", .fixed(4), alignRight: true),
        .init("STATE", .fixed(10)),
    ]

    /// Lines above the slot table: the totals, one per pool, and a blank line.
    static func summaryHeight(_ workers: Model.WorkersState) -> Int { workers.pools.count + 2 }

    /// Slot rows that fit on `model`'s terminal.
    public static func visibleRows(_ model: Model) -> Int {
        guard let workers = model.workers else { return 0 }
        return TableWidget.visibleRows(height: AppView.bodyHeight(for: model.size) - summaryHeight(workers))
    }

    /// Draws the Workers screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        guard let workers = model.workers else {
            buffer.write("this ajtop runs no local worker pool (start one with --demo or --workers)",
                         x: area.x, y: area.y, style: .dim, clip: area)
            return
        }
        let (summary, tableArea) = area.splitTop(summaryHeight(workers))
        var x = buffer.write("Local worker pool  ", x: summary.x, y: summary.y, style: .columnTitle, clip: summary)
        x = buffer.write(workers.phase.rawValue, x: x, y: summary.y, style: style(workers.phase), clip: summary)
        x = buffer.write("  busy \(workers.busy)/\(workers.capacity)  finished ", x: x, y: summary.y,
                         style: .normal, clip: summary)
        writeOutcomes(workers.finished, x: x, y: summary.y, clip: summary, buffer: &buffer)
        for (index, pool) in workers.pools.enumerated() {
            let y = summary.y + 1 + index
            var x = buffer.write("  " + TextWidth.pad(pool.queue, to: 11), x: summary.x, y: y, style: .normal, clip: summary)
            x = buffer.write(TextWidth.pad(pool.phase.rawValue, to: 9), x: x, y: y, style: style(pool.phase), clip: summary)
            x = buffer.write("slots \(pool.slots.count)/\(pool.concurrency)  ", x: x, y: y, style: .normal, clip: summary)
            x = writeOutcomes(pool.finished, x: x, y: y, clip: summary, buffer: &buffer)
            buffer.write("  worker \(pool.worker)", x: x, y: y, style: .dim, clip: summary)
        }
        let rows = workers.rows
        let capacity = max(1, visibleRows(model))
        let first = max(0, workers.selected - capacity + 1)
        let table = TableWidget(columns: columns, rows: rows.dropFirst(first).map { row(for: $0, in: workers, now: model.now) },
                                selected: rows.isEmpty ? nil : workers.selected - first,
                                emptyText: "no handler slots")
        table.render(into: tableArea, buffer: &buffer)
    }

    /// `✓ 12  ✗ 3  ⧖ 1  ⊘ 2  ↯ 0`, each count in its outcome's style; returns the column after it.
    @discardableResult
    static func writeOutcomes(_ finished: [Attempt.Outcome: Int], x: Int, y: Int, clip: Rect,
                              buffer: inout Buffer) -> Int {
        var x = x
        for (index, outcome) in outcomes.enumerated() {
            let count = finished[outcome] ?? 0
            let text = "\(Format.glyph(outcome)) \(Format.count(count))" + (index < outcomes.count - 1 ? "  " : "")
            x = buffer.write(text, x: x, y: y, style: count > 0 ? Format.style(outcome) : .dim, clip: clip)
        }
        return x
    }

    static func style(_ phase: PoolSnapshot.Phase) -> Style {
        switch phase {
        case .running: .ok
        case .draining: .warning
        case .stopped: .dim
        }
    }

    static func row(for row: Model.WorkersState.Row, in workers: Model.WorkersState, now: Timestamp) -> [TableWidget.Item] {
        let queue = TableWidget.Item.text(workers.pools[row.pool].queue, .normal)
        let number = TableWidget.Item.text(String(row.number), .dim)
        guard let slot = row.slot else {
            return [queue, number, .text("idle", .dim), .text("", .dim), .text("", .dim), .text("", .dim),
                    .text("", .dim), .text("", .dim), .text("idle", .dim)]
        }
        let elapsed = now - slot.started
        let limit = slot.deadline - slot.started
        let gauge = GaugeWidget(value: Int(elapsed.nanoseconds / 1_000_000), limit: Int(limit.nanoseconds / 1_000_000))
        return [
            queue, number,
            .text(slot.taskID, .normal),
            .text(slot.type, .normal),
            .text(String(slot.attempt), slot.attempt > 1 ? .retryScheduled : .normal),
            .text(Format.duration(elapsed), gauge.style),
            .widget(gauge),
            .text(Format.age(limit), .dim),
            slot.cancelling ? .text("cancelling", .warning) : .text("▶ running", .active),
        ]
    }
}
