import AsyncJobs

/// The live stream of state changes (what `ajc task watch` prints), newest last: followed as it grows, or
/// paused for reading back; filterable; Enter opens the selected event's task.
public enum EventsScreen {
    /// Rows above the table: the title.
    static let headRows = 1

    /// Table rows that fit on a terminal of `size`.
    public static func visibleRows(for size: Size) -> Int {
        max(1, TableWidget.visibleRows(height: AppView.bodyHeight(for: size) - headRows))
    }

    /// The columns; on a narrow terminal the type goes first (the error says more), then the error.
    static let columns: [TableWidget.Column] = [
        .init("TIME", .fixed(8)),
        .init("TASK", .fixed(27)),
        .init("QUEUE", .flexible(minimum: 6)),
        .init("TYPE", .flexible(minimum: 8), hideOrder: 0),
        .init("TRIES", .fixed(5), alignRight: true),
        .init("STATE", .fixed(12)),
        .init("ERROR", .flexible(minimum: 10), hideOrder: 1),
    ]

    /// Draws the screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        let state = model.events
        let (head, tableArea) = area.splitTop(headRows)
        let shown = state.shown
        var title = state.paused
            ? "Events: paused\(state.newWhilePaused > 0 ? ", \(BulkOutcome.grouped(state.newWhilePaused))\(state.newWhilePaused >= Model.eventsPerLoad ? "+" : "") new since" : "") (p follows)"
            : "Events: following, newest last (p pauses, ↑ scrolls back)"
        if let filter = state.filter { title += "  /\(filter): \(BulkOutcome.grouped(shown.count)) of \(BulkOutcome.grouped(state.events.count))" }
        buffer.write(title, x: head.x, y: head.y, style: state.paused ? .warning : .columnTitle, clip: head)
        let capacity = max(1, TableWidget.visibleRows(height: tableArea.height))
        let first = max(0, state.selected - capacity + 1)
        let rows: [[TableWidget.Item]] = shown.dropFirst(first).prefix(capacity).map { event in
            [.text(Format.clock(event.at, offsetSeconds: model.config.utcOffsetSeconds), .dim),
             .text(event.taskID, .normal), .text(event.queue, .normal), .text(event.type, .normal),
             .text(String(event.tries), .normal),
             .text("\(Format.glyph(event.state)) \(event.state.rawValue)", Format.style(event.state)),
             .text(event.error ?? "", .danger)]
        }
        let empty: String
        if state.lastSequence == nil { empty = "loading…" }
        else if let filter = state.filter, !state.events.isEmpty { empty = "no event matches \"\(filter)\" (Esc clears the filter)" }
        else { empty = "no state changes yet: they appear here as tasks are added, run and end" }
        TableWidget(columns: columns, rows: rows, selected: shown.isEmpty ? nil : state.selected - first, emptyText: empty)
            .render(into: tableArea, buffer: &buffer)
    }
}
