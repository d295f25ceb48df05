import AsyncJobs

/// The Schedules screen (`4`): every scheduled task with its schedule and time zone, queue and type, the
/// next fire with a countdown, the last fire, and the scheduling leader with its lease.
public enum SchedulesScreen {
    static let columns: [TableWidget.Column] = [
        .init("NAME", .flexible(minimum: 7)),
        .init("SCHEDULE", .flexible(minimum: 22)),
        .init("QUEUE", .fixed(8)),
        .init("TYPE", .fixed(9), hideOrder: 2),
        .init("NEXT FIRE", .fixed(18)),
        .init("LAST FIRE", .fixed(9), hideOrder: 1),
    ]

    /// Lines above the table: the leader line and a blank line.
    static let headerHeight = 2

    /// Schedule rows that fit on `model`'s terminal.
    public static func visibleRows(for size: Size) -> Int {
        TableWidget.visibleRows(height: AppView.bodyHeight(for: size) - headerHeight)
    }

    /// Draws the screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        guard let data = model.schedules.data else {
            buffer.write("Schedules  loading…", x: area.x, y: area.y, style: .normal, clip: area)
            return
        }
        let (header, tableArea) = area.splitTop(headerHeight)
        let (text, style) = leader(data.leadership, now: model.now)
        buffer.write(text, x: header.x, y: header.y, style: style, clip: header)
        let capacity = max(1, visibleRows(for: model.size))
        let first = max(0, model.schedules.selected - capacity + 1)
        let rows = data.schedules.dropFirst(first).map { row(for: $0, now: model.now, offset: model.config.utcOffsetSeconds) }
        TableWidget(columns: columns, rows: rows, selected: data.schedules.isEmpty ? nil : model.schedules.selected - first,
                    emptyText: "no schedules (add one with: ajc task cron add NAME SCHEDULE TYPE)")
            .render(into: tableArea, buffer: &buffer)
    }

    /// The leader line: who leads and for how long its lease runs, or why nobody does.
    static func leader(_ leadership: Leadership?, now: Timestamp) -> (String, Style) {
        guard let leadership else {
            return ("Leader: none — no scheduler has run (ajc task cron scheduler NAME, or --scheduler)", .warning)
        }
        guard leadership.expires > now else {
            return ("Leader: none — \(leadership.leader)'s lease ran out \(Format.age(now - leadership.expires)) ago", .warning)
        }
        return ("Leader: \(leadership.leader)  term \(leadership.term)  lease \(Format.age(leadership.expires - now)) left", .normal)
    }

    static func row(for schedule: ScheduledTask, now: Timestamp, offset: Int) -> [TableWidget.Item] {
        let rule = "\(schedule.schedule)" + (schedule.timeZone == "UTC" ? " UTC" : " \(schedule.timeZone)")
        var next = TableWidget.Item.text("never", .dim)
        if let fire = schedule.nextFire {
            next = fire > now ? .text("\(Format.clock(fire, offsetSeconds: offset)) in \(GoDuration.compact(fire - now))", .normal)
                : .text("due \(GoDuration.compact(now - fire)) ago", .warning)
        }
        let last = schedule.lastFire.map { TableWidget.Item.text("\(GoDuration.compact(now - $0)) ago", .normal) } ?? .text("-", .dim)
        return [.text(schedule.name, .normal), .text(rule, .normal), .text(schedule.queue, .normal),
                .text(schedule.taskType, .normal), next, last]
    }
}
