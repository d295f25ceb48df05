import AsyncJobs

/// The home screen: one row per queue with depth, active against MaxConcurrent (text and gauge), scheduled
/// retries, outcomes, throughput and the oldest waiting age.
public enum QueuesScreen {
    /// Table rows that fit on a terminal of `size` (the chrome takes three rows, the titles one).
    public static func visibleRows(for size: Size) -> Int { TableWidget.visibleRows(height: AppView.bodyHeight(for: size)) }

    static let columns: [TableWidget.Column] = [
        .init("QUEUE", .flexible(minimum: 10)),
        .init("P", .fixed(1)),
        .init("READY", .fixed(6), alignRight: true),
        .init("ACTIVE", .fixed(7), alignRight: true),
        .init("LOAD", .fixed(8)),
        .init("RETRY", .fixed(6), alignRight: true),
        .init("COMPLETE", .fixed(8), alignRight: true),
        .init("FAILED", .fixed(6), alignRight: true),
        .init("THROUGHPUT", .flexible(minimum: 10)),
        .init("OLDEST", .fixed(6), alignRight: true),
    ]

    /// Draws the home screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        let state = model.queues
        let visible = state.visible
        let rows = visible.map { row(for: $0, throughput: state.data?.throughput[$0.queue.name] ?? [], now: model.now) }
        // Scroll so the selection stays on screen.
        let capacity = max(1, visibleRows(for: model.size))
        let first = max(0, state.selected - capacity + 1)
        let empty: String
        if state.data == nil { empty = "loading…" }
        else if let filter = state.filter { empty = "no queue name contains \"\(filter)\" (Esc clears the filter)" }
        else { empty = "no queues yet: create one with `ajc queue add NAME`" }
        let table = TableWidget(columns: columns, rows: Array(rows.dropFirst(first)),
                                selected: visible.isEmpty ? nil : state.selected - first, emptyText: empty)
        table.render(into: area, buffer: &buffer)
    }

    static func row(for summary: QueueSummary, throughput: [Int], now: Timestamp) -> [TableWidget.Item] {
        let queue = summary.queue
        let oldest = summary.oldestReady.map { Format.age(now - $0) } ?? "-"
        return [
            .text(queue.name, .normal),
            .text(queue.paused ? "‖" : " ", .warning),
            .text(Format.count(summary.ready), summary.ready > 0 ? .normal : .dim),
            .text("\(Format.count(summary.active))/\(Format.count(queue.maxConcurrent))",
                  GaugeWidget(value: summary.active, limit: queue.maxConcurrent).style),
            .widget(GaugeWidget(value: summary.active, limit: queue.maxConcurrent)),
            .text(Format.count(summary.scheduled), summary.scheduled > 0 ? .retryScheduled : .dim),
            .text(Format.count(summary.count(.complete)), summary.count(.complete) > 0 ? .ok : .dim),
            .text(Format.count(summary.failed), summary.failed > 0 ? .danger : .dim),
            .widget(SparklineWidget(values: throughput)),
            .text(oldest, summary.oldestReady == nil ? .dim : .normal),
        ]
    }
}
