import AsyncJobs

/// One queue's failed tasks grouped by error text with the varying parts normalised (``ErrorPattern``):
/// how many tasks, when first and last seen, the pattern, and a raw example of the selected group. Enter
/// lists the group's tasks on the queue's screen, where `*` marks them all and `r` retries them.
public enum ErrorsScreen {
    /// Rows above the table: the title.
    static let headRows = 1
    /// Rows below it: the selected group's raw example.
    static let footRows = 2

    /// Table rows that fit on a terminal of `size`.
    public static func visibleRows(for size: Size) -> Int {
        max(1, TableWidget.visibleRows(height: AppView.bodyHeight(for: size) - headRows - footRows))
    }

    static let columns: [TableWidget.Column] = [
        .init("COUNT", .fixed(7), alignRight: true),
        .init("FIRST", .fixed(6), alignRight: true),
        .init("LAST", .fixed(6), alignRight: true),
        .init("ERROR (normalised)", .flexible(minimum: 20)),
    ]

    /// Draws the screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        guard let state = model.errors else { return }
        let (head, rest) = area.splitTop(headRows)
        let (tableArea, foot) = rest.splitBottom(footRows)
        guard let data = state.data else {
            buffer.write("Errors in \(state.queue)  loading…", x: head.x, y: head.y, style: .normal, clip: head)
            return
        }
        let groups = data.groups.count
        buffer.write("Errors in \(data.queue): \(BulkOutcome.grouped(groups)) group\(groups == 1 ? "" : "s") over "
                     + "\(BulkOutcome.grouped(data.failedTasks)) failed task\(data.failedTasks == 1 ? "" : "s")",
                     x: head.x, y: head.y, style: .columnTitle, clip: head)
        let capacity = max(1, TableWidget.visibleRows(height: tableArea.height))
        let first = max(0, state.selected - capacity + 1)
        let rows: [[TableWidget.Item]] = data.groups.dropFirst(first).map { group in
            [.text(BulkOutcome.grouped(group.count), .danger), .text(Format.age(model.now - group.firstSeen), .dim),
             .text(Format.age(model.now - group.lastSeen), .normal), .text(group.pattern.text, .normal)]
        }
        TableWidget(columns: columns, rows: rows, selected: data.groups.isEmpty ? nil : state.selected - first,
                    emptyText: "no failed tasks in \(data.queue)")
            .render(into: tableArea, buffer: &buffer)
        guard data.groups.indices.contains(state.selected), !foot.isEmpty else { return }
        let group = data.groups[state.selected]
        let (label, example) = foot.splitTop(1)
        let states = TaskState.allCases.compactMap { state in group.states[state].map { "\($0) \(state.rawValue)" } }
        buffer.write("Latest example (\(states.joined(separator: ", "))):", x: label.x, y: label.y, style: .dim, clip: label)
        buffer.write(group.example, x: example.x, y: example.y, style: .danger, clip: example)
    }
}
