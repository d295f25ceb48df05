import AsyncJobs

/// The queue detail's history pane (`h`, in place of the tasks): completions and the error rate over the
/// last hour, day or week, then the wait and run percentiles of the queue and of each task type over the
/// last five minutes and the last hour.
public enum QueueStatsPane {
    /// Columns left of the charts for their scale and names.
    static let gutter = 6
    /// Rows of the charts: title, four of completions, two of error rate, the axis.
    static let chartRows = 8
    /// Rows of bars for completions and for the error rate.
    static let completedRows = 4, errorRows = 2

    /// Bars the chart has room for on a terminal of `size`: one per bucket.
    public static func chartColumns(for size: Size) -> Int { max(1, size.width - gutter) }

    /// Draws the pane, the queue's title and settings above it, into `area`.
    static func render(_ state: Model.QueueDetailState, window: HistoryWindow, now: Timestamp, into area: Rect,
                       buffer: inout Buffer) {
        let (head, rest) = area.splitTop(QueueDetailScreen.headRows)
        guard let summary = state.stats?.summary ?? state.data?.summary else {
            buffer.write("Queue \(state.queue)  loading…", x: head.x, y: head.y, style: .normal, clip: head)
            return
        }
        QueueDetailScreen.renderTitle(summary, delayedRetries: state.data?.delayedRetries ?? 0, now: now,
                                      into: head.row(0), buffer: &buffer)
        buffer.write(QueueDetailScreen.settings(summary.queue), x: head.x, y: head.y + 1, style: .dim, clip: head.row(1))
        renderWindows(window, into: head.row(2), buffer: &buffer)
        // Data for another window is on its way: show nothing stale under the new label.
        guard let stats = state.stats, stats.window == window else {
            buffer.write("reading the last \(window.rawValue)…", x: rest.x, y: rest.y, style: .dim, clip: rest)
            return
        }
        let (charts, below) = rest.splitTop(chartRows)
        renderCharts(stats.history, window: window, now: now, into: charts, buffer: &buffer)
        // On a wide terminal the figures stay near the type names rather than at the far edge.
        let table = below.splitTop(1).1
        renderLatency(stats.latency, into: Rect(x: table.x, y: table.y, width: min(table.width, latencyWidth), height: table.height),
                      buffer: &buffer)
    }

    /// `History [1h] 24h  7d   h next  Esc tasks`: the window shown among the three.
    static func renderWindows(_ window: HistoryWindow, into area: Rect, buffer: inout Buffer) {
        let x = buffer.write("History ", x: area.x, y: area.y, style: .columnTitle, clip: area)
        let titles = HistoryWindow.allCases.map(\.rawValue)
        let tabs = Rect(x: x, y: area.y, width: min(area.right - x, 1 + titles.reduce(0) { $0 + TextWidth.of($1) + 2 }), height: 1)
        TabsWidget(titles: titles, active: HistoryWindow.allCases.firstIndex(of: window) ?? 0).render(into: tabs, buffer: &buffer)
        buffer.write("  h next window  Esc tasks", x: tabs.right, y: area.y, style: .dim, clip: area)
    }

    /// The title with the window's totals, completions per bucket, the error rate per bucket, the time axis.
    static func renderCharts(_ history: HistoryBuckets, window: HistoryWindow, now: Timestamp, into area: Rect,
                             buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let completed = history.completed.reduce(0, +)
        let attempts = history.attempts.reduce(0, +)
        let errors = history.errors.reduce(0, +)
        let peak = history.completed.max() ?? 0
        let title = "\(window.rawValue) per \(history.bucketName): \(BulkOutcome.grouped(completed)) completed"
            + "  errors \(Format.errorRate(failed: errors, finished: attempts)) of \(BulkOutcome.grouped(attempts)) attempts"
        buffer.write(title, x: area.x, y: area.y, style: .normal, clip: area.row(0))
        let (_, plots) = area.splitTop(1)
        let (gutterArea, chartArea) = plots.splitLeft(gutter)
        let bars = min(chartArea.width, history.completed.count)
        let completedArea = Rect(x: chartArea.x, y: chartArea.y, width: bars, height: completedRows)
        let errorArea = Rect(x: chartArea.x, y: completedArea.bottom, width: bars, height: errorRows)
        BarChartWidget(values: history.completed, style: .ok).render(into: completedArea, buffer: &buffer)
        let permille = history.errorPermille
        BarChartWidget(values: permille, style: .danger).render(into: errorArea, buffer: &buffer)
        // The scale of each chart (its tallest bar) at its top, its name at its bottom, so both read without colour.
        let peakRate = Double(permille.max() ?? 0) / 10
        let gutterLines: [(row: Int, text: String, style: Style)] = [
            (0, Format.count(peak), .dim), (completedRows - 1, "done", .ok),
            (completedRows, peakRate == 0 ? "0%" : "\(Int(peakRate.rounded(.up)))%", .dim), (completedRows + errorRows - 1, "err%", .danger),
        ]
        for row in 0..<min(gutterArea.height, completedRows + errorRows) {
            buffer.write("│", x: gutterArea.right - 1, y: gutterArea.y + row, style: .dim)
        }
        for line in gutterLines where line.row < gutterArea.height {
            buffer.write(TextWidth.pad(line.text, to: gutter - 1, alignRight: true), x: gutterArea.x, y: gutterArea.y + line.row,
                         style: line.style, clip: gutterArea.row(line.row))
        }
        let axisY = errorArea.bottom
        guard axisY < area.bottom else { return }
        let labels = window.ticks.map { TimelineWidget.Label(at: now - $0, text: window.label(back: $0)) }
        TimelineWidget(start: history.start, end: history.end, content: .spans([]), labels: labels)
            .renderAxis(into: Rect(x: chartArea.x, y: axisY, width: bars, height: 1), buffer: &buffer)
    }

    /// The widest the latency table gets.
    static let latencyWidth = 96

    /// The latency table's columns: the task type, the period, then wait and run percentiles.
    static let latencyColumns: [TableWidget.Column] = [
        .init("LATENCY", .flexible(minimum: 10)), .init("LAST", .fixed(4)),
        .init("WAIT p50", .fixed(8), alignRight: true), .init("p95", .fixed(7), alignRight: true),
        .init("p99", .fixed(7), alignRight: true), .init("RUN p50", .fixed(8), alignRight: true),
        .init("p95", .fixed(7), alignRight: true), .init("p99", .fixed(7), alignRight: true),
    ]

    /// Two rows per queue or type (the last 5 minutes, the last hour), as many types as fit, busiest first.
    static func renderLatency(_ latency: [LatencyRow], into area: Rect, buffer: inout Buffer) {
        guard area.height >= 3 else { return }
        let fitting = (TableWidget.visibleRows(height: area.height)) / 2
        let shown = latency.prefix(fitting)
        var columns = latencyColumns
        // The queue's own row is not a type: count only the types.
        if shown.count < latency.count { columns[0].title = "LATENCY (\(shown.count - 1) of \(latency.count - 1) types)" }
        let rows = shown.flatMap { row -> [[TableWidget.Item]] in
            [cells(row.type ?? "all types", period: "5m", row.recent), cells("", period: "1h", row.hour)]
        }
        TableWidget(columns: columns, rows: rows, selected: nil, emptyText: "no attempts in the last hour").render(into: area, buffer: &buffer)
    }

    static func cells(_ name: String, period: String, _ figures: LatencyFigures) -> [TableWidget.Item] {
        let values = [figures.wait.p50, figures.wait.p95, figures.wait.p99, figures.run.p50, figures.run.p95, figures.run.p99]
        return [.text(name, .normal), .text(period, .dim)]
            + values.map { .text(Format.latency($0), $0 == nil ? .dim : .normal) }
    }
}
