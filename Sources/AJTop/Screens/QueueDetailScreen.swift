import AsyncJobs

/// One queue: its figures and settings, its tasks by state tab (newest first, paged, filterable), and a
/// histogram of the retries due, over the next minute, 10 minutes, hour or day as they need.
public enum QueueDetailScreen {
    /// Rows above the task table: title, settings, tabs.
    static let headRows = 3
    /// Rows of the retry timeline: title, two rows of bars, the axis.
    static let timelineRows = 4

    /// Tasks per page on a terminal of `size`: what the table shows under its titles.
    public static func pageSize(for size: Size) -> Int {
        max(1, TableWidget.visibleRows(height: AppView.bodyHeight(for: size) - headRows - timelineRows))
    }

    /// The task table's columns on `tab`: the Complete tab shows each task's result where the others show
    /// the last error; the Expired and Terminated tabs, whose rows share one state, give its column to the
    /// error.
    static func columns(on tab: StateTab) -> [TableWidget.Column] {
        let head: [TableWidget.Column] = [.init("ID", .fixed(27)), .init("TYPE", .flexible(minimum: 8))]
        let state = TableWidget.Column("STATE", .fixed(12))
        let tries = TableWidget.Column("TRIES", .fixed(5), alignRight: true)
        let age = TableWidget.Column("AGE", .fixed(6), alignRight: true)
        switch tab {
        case .complete: return head + [tries, .init("DONE", .fixed(6), alignRight: true), .init("RESULT", .flexible(minimum: 8))]
        case .expired, .terminated: return head + [tries, age, .init("LAST ERROR", .flexible(minimum: 16))]
        default: return head + [state, tries, age, .init("LAST ERROR", .flexible(minimum: 8))]
        }
    }

    /// Draws the screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        guard let state = model.queueDetail else { return }
        if let window = state.history {
            QueueStatsPane.render(state, window: window, now: model.now, into: area, buffer: &buffer)
            return
        }
        let (head, rest) = area.splitTop(headRows)
        let (tableArea, timelineArea) = rest.splitBottom(timelineRows)
        guard let data = state.data else {
            buffer.write("Queue \(state.queue)  loading…", x: head.x, y: head.y, style: .normal, clip: head)
            return
        }
        renderTitle(data.summary, delayedRetries: data.delayedRetries, now: model.now, into: head.row(0), buffer: &buffer)
        if let scope = state.errorScope {
            // The group replaces the settings line: what the list holds matters more while acting on it.
            buffer.write("error group (\(BulkOutcome.grouped(scope.taskIDs.count)) tasks, Esc lists all): \(scope.pattern)",
                         x: head.x, y: head.y + 1, style: .warning, clip: head.row(1))
        } else {
            buffer.write(settings(data.summary.queue), x: head.x, y: head.y + 1, style: .dim, clip: head.row(1))
        }
        renderTabs(state, data: data, into: head.row(2), buffer: &buffer)
        let rows = data.tasks.map { task in
            var cells = row(for: task, on: state.tab, now: model.now)
            // A marked task's id stands out, whatever page or tab it was marked on.
            if state.marked.contains(task.id) { cells[0] = .text(task.id, .marked) }
            return cells
        }
        let empty = state.filter.map { "no \(state.tab.rawValue) task matches \"\($0)\" (Esc clears the filter)" }
            ?? "no \(state.tab == .all ? "" : state.tab.rawValue + " ")tasks"
        let selected = state.selected - data.offset
        TableWidget(columns: columns(on: state.tab), rows: rows, selected: rows.indices.contains(selected) ? selected : nil,
                    emptyText: empty)
            .render(into: tableArea, buffer: &buffer)
        renderTimeline(data.retriesDue, now: model.now, into: timelineArea, buffer: &buffer)
    }

    static func renderTitle(_ summary: QueueSummary, delayedRetries: Int, now: Timestamp, into area: Rect,
                            buffer: inout Buffer) {
        let queue = summary.queue
        var x = buffer.write("Queue \(queue.name)", x: area.x, y: area.y, style: .columnTitle, clip: area)
        if queue.paused { x = buffer.write("  ‖ PAUSED", x: x, y: area.y, style: .warning, clip: area) }
        // Delayed retries hold slots too: the gauge counts them, the text tells them apart.
        let gauge = GaugeWidget(value: summary.active + delayedRetries, limit: queue.maxConcurrent)
        x = buffer.write("  active \(summary.active)/\(queue.maxConcurrent)\(Format.delayedRetries(delayedRetries)) ",
                         x: x, y: area.y, style: gauge.style, clip: area)
        gauge.render(into: Rect(x: x, y: area.y, width: min(10, area.right - x), height: 1), buffer: &buffer)
        x += 10
        let oldest = summary.oldestReady.map { "  oldest \(Format.age(now - $0))" } ?? ""
        buffer.write("  ready \(summary.ready)  scheduled \(summary.scheduled)\(oldest)", x: x, y: area.y,
                     style: .normal, clip: area)
    }

    /// The queue's settings as one line.
    public static func settings(_ queue: Queue) -> String {
        let age = queue.maxAge == .zero ? "∞" : GoDuration.format(queue.maxAge)
        return "concurrent \(queue.maxConcurrent)  run time \(GoDuration.format(queue.maxRunTime))  "
            + "tries \(Format.limit(queue.maxTries))  max age \(age)  entries \(Format.limit(queue.maxEntries))  "
            + "discard old \(queue.discardOld ? "yes" : "no")"
            // Shown only when set: most queues keep their tasks, and the line is already long.
            + (queue.retention == .zero ? "" : "  retention \(GoDuration.format(queue.retention))")
    }

    static func renderTabs(_ state: Model.QueueDetailState, data: QueueDetailData, into area: Rect, buffer: inout Buffer) {
        var position = data.matching == 0 ? "0 of 0"
            : "\(data.offset + 1)-\(data.offset + data.tasks.count) of \(BulkOutcome.grouped(data.matching))"
        // A search names its count of matches outright: that number is what the operator searched for.
        if let filter = state.filter {
            position = "/\(filter): \(BulkOutcome.grouped(data.matching)) match\(data.matching == 1 ? "" : "es")  " + position
        }
        let width = min(area.width, TextWidth.of(position) + 1)
        let (tabsArea, positionArea) = area.splitLeft(area.width - width)
        let titles = StateTab.allCases.map { "\($0.rawValue) \(Format.count($0.count(in: data.summary)))" }
        let active = StateTab.allCases.firstIndex(of: state.tab) ?? 0
        TabsWidget(titles: titles, active: active).render(into: tabsArea, buffer: &buffer)
        buffer.write(" " + position, x: positionArea.x, y: area.y, style: state.filter == nil ? .dim : .warning,
                     clip: positionArea)
    }

    static func row(for task: JobTask, on tab: StateTab, now: Timestamp) -> [TableWidget.Item] {
        let head: [TableWidget.Item] = [.text(task.id, .normal), .text(task.type, .normal)]
        let state = Format.state(of: task)
        let tries = TableWidget.Item.text(String(task.tries), .normal)
        let age = TableWidget.Item.text(Format.age(now - task.created), .dim)
        let error = TableWidget.Item.text(task.lastError ?? "-", task.lastError == nil ? .dim : .danger)
        switch tab {
        case .complete:
            let done = task.result.map { Format.age(now - $0.completed) } ?? "-"
            // One line of compact JSON, cut to the column; task detail shows it whole.
            return head + [tries, .text(done, .dim), .text(task.result?.payload.jsonString ?? "-", .ok)]
        case .expired, .terminated:
            return head + [tries, age, error]
        default:
            return head + [.text(state.text, state.style), tries, age, .text(task.lastError ?? "", .danger)]
        }
    }

    /// The upcoming retries over the window that fits them (``RetryWindow``): a minute when they are due
    /// within seconds, up to a day, named in the title and on the axis.
    static func renderTimeline(_ due: [Timestamp], now: Timestamp, into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let (title, plot) = area.splitTop(1)
        let window = RetryWindow.fitting(due, now: now)
        let end = now + window.span
        let shown = due.filter { $0 <= end }
        let soonest = shown.first.map { ", next in \(Format.age(max(.zero, $0 - now)))" } ?? ""
        let later = due.count - shown.count
        buffer.write("Retries due in the \(window.name): \(shown.count)\(soonest)"
                     + (later > 0 ? "  (\(later) later)" : ""), x: title.x, y: title.y,
                     style: due.isEmpty ? .dim : .retryScheduled, clip: title)
        let labels = window.ticks.map { offset in
            TimelineWidget.Label(at: now + offset, text: window.label(at: offset))
        }
        TimelineWidget(start: now, end: end, content: .histogram(shown, style: .retryScheduled), labels: labels)
            .render(into: plot, buffer: &buffer)
    }
}
