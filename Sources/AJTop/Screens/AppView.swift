import AsyncJobs

/// The frame around every screen (header, status line, hint bar) and the dispatch to the shown screen:
/// the "view" of model/update/view.
public enum AppView {
    /// Rows the frame takes: header, status line, hint bar.
    static let chromeRows = 3

    /// Rows left for a screen's body on a terminal of `size`.
    public static func bodyHeight(for size: Size) -> Int { max(0, size.height - chromeRows) }

    /// Renders the whole frame for `model` at the model's size.
    public static func render(_ model: Model) -> Buffer {
        var buffer = Buffer(width: model.size.width, height: model.size.height)
        let area = buffer.area
        guard area.height >= 1 else { return buffer }
        let (header, rest) = area.splitTop(1)
        let (body, bottom) = rest.splitBottom(2)
        renderHeader(model, into: header, buffer: &buffer)
        switch model.route {
        case .queues: QueuesScreen.render(model, into: body, buffer: &buffer)
        case .queueDetail: QueueDetailScreen.render(model, into: body, buffer: &buffer)
        case .errors: ErrorsScreen.render(model, into: body, buffer: &buffer)
        case .taskDetail: TaskDetailScreen.render(model, into: body, buffer: &buffer)
        case .workers: WorkersScreen.render(model, into: body, buffer: &buffer)
        case .events: EventsScreen.render(model, into: body, buffer: &buffer)
        case .schedules: SchedulesScreen.render(model, into: body, buffer: &buffer)
        case .help: HelpScreen.render(model, into: body, buffer: &buffer)
        }
        renderStatus(model, into: bottom.row(0), buffer: &buffer)
        renderHints(model, into: bottom.row(1), buffer: &buffer)
        return buffer
    }

    static func renderHeader(_ model: Model, into area: Rect, buffer: inout Buffer) {
        buffer.fill(area, style: .header)
        var right = "\(Format.clock(model.now, offsetSeconds: model.config.utcOffsetSeconds))  "
            + "refresh \(GoDuration.format(model.config.refresh))  pool \(model.poolState)"
        if model.config.readOnly { right += "  read-only" }
        let title = "ajtop  \(screenTitle(model.route))  store \(model.config.storeLabel)"
        var staleText = ""
        if let age = model.staleness { staleText = "! stale \(Format.age(age)) " }
        else if model.dataAsOf == nil { staleText = "… loading " }
        let rightWidth = TextWidth.of(right) + TextWidth.of(staleText) + 1
        buffer.write(TextWidth.truncate(title, to: max(0, area.width - rightWidth - 1)), x: area.x, y: area.y,
                     style: .header, clip: area)
        let x = buffer.write(staleText, x: area.right - rightWidth, y: area.y, style: .warning, clip: area)
        buffer.write(right, x: x, y: area.y, style: .header, clip: area)
    }

    static func screenTitle(_ route: Route) -> String {
        switch route {
        case .queues: "Queues"
        case .queueDetail: "Queue"
        case .errors: "Errors"
        case .taskDetail: "Task"
        case .workers: "Workers"
        case .events: "Events"
        case .schedules: "Schedules"
        case .help: "Help"
        }
    }

    static func renderStatus(_ model: Model, into area: Rect, buffer: inout Buffer) {
        if let confirmation = model.confirmation {
            buffer.fill(area, style: .prompt)
            buffer.write(confirmation.prompt, x: area.x, y: area.y, style: .prompt, clip: area)
        } else if let input = model.filterInput {
            let x = buffer.write("filter: " + input, x: area.x, y: area.y, style: .prompt, clip: area)
            buffer.write("█", x: x, y: area.y, style: .normal, clip: area)
        } else if let error = model.loadError {
            buffer.write("✗ store read failed: \(error)", x: area.x, y: area.y, style: .statusError, clip: area)
        } else if let status = model.status {
            buffer.write((status.isError ? "✗ " : "✓ ") + status.text, x: area.x, y: area.y,
                         style: status.isError ? .statusError : .statusOK, clip: area)
        }
    }

    static func renderHints(_ model: Model, into area: Rect, buffer: inout Buffer) {
        if model.confirmation != nil {
            buffer.write("y", x: area.x, y: area.y, style: .keyHint, clip: area)
            buffer.write(" confirm   any other key cancels", x: area.x + 1, y: area.y, style: .dim, clip: area)
        } else if model.filterInput != nil {
            let x = buffer.write("Enter", x: area.x, y: area.y, style: .keyHint, clip: area)
            let next = buffer.write(" apply  ", x: x, y: area.y, style: .dim, clip: area)
            let esc = buffer.write("Esc", x: next, y: area.y, style: .keyHint, clip: area)
            buffer.write(" cancel", x: esc, y: area.y, style: .dim, clip: area)
        } else {
            HelpBarWidget(bindings: model.keyMap.hints(on: model.route.screen, localPool: model.workers != nil))
                .render(into: area, buffer: &buffer)
        }
    }
}
