import AsyncJobs

/// The home screen: a totals line over every queue; one row per queue with depth, active against
/// MaxConcurrent (text and gauge), scheduled retries, outcomes, the error rate and throughput over the last
/// minute, the queue's make-up by state, and the oldest waiting age; and, in the rows the queues leave, the
/// latest state changes.
public enum QueuesScreen {
    /// Rows above the table: the totals line.
    static let headRows = 1
    /// Fewest rows the latest-events pane takes when shown (its title and two events), with a blank row
    /// above it.
    static let eventsMinimum = 4

    /// Table rows that fit on a terminal of `size` (the chrome takes three rows, the totals one, the
    /// titles one).
    public static func visibleRows(for size: Size) -> Int {
        TableWidget.visibleRows(height: AppView.bodyHeight(for: size) - headRows)
    }

    /// The sparkline's bars (one per bucket) and the rate beside it (` 14/s`, ` 0.2/s`, ` 12k/s`).
    static let throughputWidth = Model.throughputBuckets + 6
    /// From this width on, the throughput column also has room for the peak rate (` peak 14/s`).
    static let roomyWidth = 130
    /// From this width on no column is hidden (with QUEUE at its narrowest).
    static let everyColumnWidth = 105
    /// The most of a queue name QUEUE claims before the flexible columns share what is left.
    static let roomyNameWidth = 24

    /// The columns on a terminal `width` wide. Where they do not all fit (below 105 columns) the LOAD gauge
    /// goes first (ACTIVE says the same in figures), then COMPLETE (the sparkline still shows
    /// completions), then, below 88 columns, the STATES bar (READY to FAILED give its figures), so that
    /// P95WAIT, the wait of the last five minutes, stays on an 80-column terminal. Where every column fits,
    /// QUEUE is first to have room for the longest name (`longestName`, up to ``roomyNameWidth``): the
    /// flexible columns would otherwise share equally and cut a name the STATES bar has room to spare for.
    static func columns(width: Int, longestName: Int = 0) -> [TableWidget.Column] {
        let throughput: TableWidget.Width = width >= roomyWidth ? .fixed(throughputWidth + 10)
            : .flexible(minimum: throughputWidth)
        // The longer name only where it hides no column: every column fits from 105 with a name of 10.
        let wanted = min(max(10, longestName), roomyNameWidth)
        let nameMinimum = width >= everyColumnWidth + wanted - 10 ? wanted : 10
        return [
            .init("QUEUE", .flexible(minimum: nameMinimum)),
            .init("P", .fixed(1)),
            .init("READY", .fixed(5), alignRight: true),
            .init("ACTIVE", .fixed(7), alignRight: true),
            .init("LOAD", .fixed(8), hideOrder: 0),
            .init("RETRY", .fixed(5), alignRight: true),
            .init("COMPLETE", .fixed(8), alignRight: true, hideOrder: 1),
            .init("FAILED", .fixed(6), alignRight: true),
            .init("ERR%", .fixed(4), alignRight: true),
            .init("STATES", .flexible(minimum: 6), hideOrder: 2),
            .init("THROUGHPUT \(Int(Model.throughputWindow.seconds))s", throughput),
            .init("P95WAIT", .fixed(7), alignRight: true),
            .init("OLDEST", .fixed(6), alignRight: true),
        ]
    }

    /// Draws the home screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        let state = model.queues
        let visible = state.visible
        let (head, body) = area.splitTop(headRows)
        if let data = state.data { renderTotals(data.totals(window: Model.throughputWindow), into: head, buffer: &buffer) }
        // The table takes the rows its queues need; what is left, when enough, shows the latest events.
        let tableHeight = min(body.height, max(2, visible.count + 1))
        let events = state.data?.latestEvents ?? []
        let spare = body.height - tableHeight
        let (tableArea, eventsArea) = spare >= eventsMinimum && !events.isEmpty
            ? body.splitTop(tableHeight) : (body, Rect(x: body.x, y: body.bottom, width: body.width, height: 0))
        let rows = visible.map { summary in
            row(for: summary, finished: state.data?.finished[summary.queue.name] ?? .empty,
                waitP95: state.data?.waitP95[summary.queue.name], now: model.now)
        }
        // Scroll so the selection stays on screen.
        let capacity = max(1, visibleRows(for: model.size))
        let first = max(0, state.selected - capacity + 1)
        let empty: String
        if state.data == nil { empty = "loading…" }
        else if let filter = state.filter { empty = "no queue name contains \"\(filter)\" (Esc clears the filter)" }
        else { empty = "no queues yet: create one with `ajc queue add NAME`" }
        let longestName = visible.map(\.queue.name.count).max() ?? 0
        let table = TableWidget(columns: columns(width: area.width, longestName: longestName),
                                rows: Array(rows.dropFirst(first)),
                                selected: visible.isEmpty ? nil : state.selected - first, emptyText: empty)
        table.render(into: tableArea, buffer: &buffer)
        if !eventsArea.isEmpty { renderEvents(events, model: model, into: eventsArea, buffer: &buffer) }
    }

    /// `all: ready 12  active 3/105  retry 4  failed 3  in 2.1/s  out 1.9/s  err 5%`: every queue, the rates
    /// and error rate over the throughput window (as the ERR% and THROUGHPUT columns); `active 3/105 +1
    /// delayed` when delayed retries hold slots no handler runs in.
    static func renderTotals(_ totals: QueuesData.Totals, into area: Rect, buffer: inout Buffer) {
        let parts: [(String, Style)] = [
            ("ready \(Format.count(totals.ready))", .normal),
            ("active \(Format.count(totals.active))/\(Format.count(totals.capacity))"
                + Format.delayedRetries(totals.delayed),
             GaugeWidget(value: totals.active + totals.delayed, limit: totals.capacity).style),
            ("retry \(Format.count(totals.scheduled))", totals.scheduled > 0 ? .retryScheduled : .dim),
            ("failed \(Format.count(totals.failed))", totals.failed > 0 ? .danger : .dim),
            ("in \(totals.inIsLowerBound ? "≥" : "")\(Format.rate(totals.inPerSecond))", .normal),
            ("out \(Format.rate(totals.outPerSecond))", .normal),
            ("err \(Format.errorRate(failed: totals.failedRecently, finished: totals.finishedRecently))",
             totals.failedRecently > 0 ? .danger : .dim),
        ]
        var x = buffer.write("all: ", x: area.x, y: area.y, style: .columnTitle, clip: area)
        for (index, part) in parts.enumerated() {
            x = buffer.write((index == 0 ? "" : "  ") + part.0, x: x, y: area.y, style: part.1, clip: area)
        }
    }

    /// The newest state changes, newest last, one line each as the Events screen (`3`) shows them.
    static func renderEvents(_ events: [TaskEvent], model: Model, into area: Rect, buffer: inout Buffer) {
        let (_, pane) = area.splitTop(1)
        let (title, list) = pane.splitTop(1)
        buffer.write("Latest events (3: all, pausable)", x: title.x, y: title.y, style: .columnTitle, clip: title)
        let shown = events.suffix(list.height)
        // Queue names line up, so the task ids after them form a column.
        let queueWidth = shown.map { TextWidth.of($0.queue) }.max() ?? 0
        for (row, event) in shown.enumerated() {
            let y = list.y + row
            var x = buffer.write(Format.clock(event.at, offsetSeconds: model.config.utcOffsetSeconds) + " ", x: list.x, y: y,
                                 style: .dim, clip: list)
            x = buffer.write("\(Format.glyph(event.state)) \(TextWidth.pad(event.state.rawValue, to: 10)) ", x: x, y: y,
                             style: Format.style(event.state), clip: list)
            x = buffer.write("\(TextWidth.pad(event.queue, to: queueWidth))  \(event.taskID)  \(event.type)  ", x: x, y: y,
                             style: .normal, clip: list)
            if let error = event.error { buffer.write(error, x: x, y: y, style: .danger, clip: list) }
        }
    }

    /// The queue's make-up: active, ready, scheduled retries, complete, failed; help's legend lists these.
    public static func stateBar(_ summary: QueueSummary) -> StateBarWidget {
        StateBarWidget(segments: [
            .init("active", glyph: "█", style: .active, count: summary.active),
            .init("ready", glyph: "▓", style: .normal, count: summary.ready),
            .init("retry scheduled", glyph: "▒", style: .retryScheduled, count: summary.scheduled),
            .init("complete", glyph: "░", style: .ok, count: summary.count(.complete)),
            .init("failed", glyph: "╳", style: .danger, count: summary.failed),
        ])
    }

    /// The bar's patterns and what each stands for, as help lists them: `█ active  ▓ ready  …`.
    public static var stateLegend: String {
        let empty = QueueSummary(queue: Queue(name: "legend"), counts: [:], active: 0, ready: 0, scheduled: 0,
                                 oldestReady: nil)
        return stateBar(empty).segments.map { "\($0.glyph) \($0.name)" }.joined(separator: "  ")
    }

    static func row(for summary: QueueSummary, finished: FinishedCounts, waitP95: Duration?, now: Timestamp) -> [TableWidget.Item] {
        let queue = summary.queue
        let oldest = summary.oldestReady.map { Format.age(now - $0) } ?? "-"
        let failedRecently = finished.failed.reduce(0, +)
        let finishedRecently = failedRecently + finished.completed.reduce(0, +)
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
            .text(Format.errorRate(failed: failedRecently, finished: finishedRecently), failedRecently > 0 ? .danger : .dim),
            .widget(stateBar(summary)),
            .widget(ThroughputWidget(counts: finished, bucket: Model.throughputBucket)),
            .text(Format.latency(waitP95), waitP95 == nil ? .dim : .normal),
            .text(oldest, summary.oldestReady == nil ? .dim : .normal),
        ]
    }
}
