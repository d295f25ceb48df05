import AsyncJobs
import Foundation

/// One task: every field, the payload pretty-printed and wrapped (scrollable), and its timeline of attempts
/// on a time axis with the outcome of each, followed, for a task waiting to retry, by the attempts its retry
/// policy and remaining tries would make, dimmed and labelled as projections.
public enum TaskDetailScreen {
    /// Most attempts drawn on the timeline (the newest); the list above shows them all.
    static let timelineSpans = 5
    /// Most coming attempts projected (the scheduled next one included).
    static let projectedAttempts = 3

    /// The start times of the waiting task's coming attempts (the scheduled one first) by `policy`, as if
    /// each failed; empty unless it waits for a retry.
    public static func projections(for data: TaskDetailData, now: Timestamp, policy: any RetryPolicy) -> [Timestamp] {
        let task = data.task
        // A task that failed and waits: a retried one (ready now) has no failures to go by.
        guard task.state == .retry, !Format.isReady(task), let next = data.nextAttempt else { return [] }
        let limit = AttemptRules.triesLimit(taskMaxTries: task.maxTries, queueMaxTries: data.queue?.maxTries ?? -1)
        return RetryProjection.attempts(next: max(next, now), tries: task.tries, limit: limit, policy: policy,
                                        most: projectedAttempts)
    }

    /// The projections of the task shown in `model`, with the name of the policy they follow.
    static func projections(_ model: Model, _ data: TaskDetailData) -> (times: [Timestamp], policy: String) {
        let (policy, name) = model.config.retryPolicy(for: data.task.queue)
        return (projections(for: data, now: model.now, policy: policy), name)
    }

    /// Draws the screen into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        guard let state = model.taskDetail else { return }
        guard let data = state.data else {
            buffer.write("Task \(state.id)  loading…", x: area.x, y: area.y, style: .normal, clip: area)
            return
        }
        let projected = projections(model, data)
        let (body, timelineArea) = split(area, attempts: data.attempts.count, projected: projected.times.count)
        let lines = self.lines(for: data, width: body.width - 1, now: model.now, offset: model.config.utcOffsetSeconds,
                               projected: projected)
        ParagraphWidget(lines: lines, scroll: state.scroll).render(into: body, buffer: &buffer)
        renderTimeline(data, now: model.now, offset: model.config.utcOffsetSeconds, projected: projected.times,
                       into: timelineArea, buffer: &buffer)
    }

    /// The scrollable text area and the timeline below it: a row per attempt drawn, and one for the
    /// projected attempts after the scheduled one.
    static func split(_ area: Rect, attempts: Int, projected: Int = 0) -> (Rect, Rect) {
        let projectionRow = projected > 1 ? 1 : 0
        let timelineHeight = attempts == 0 ? 1 : min(timelineSpans, attempts) + projectionRow + 2
        return area.splitBottom(min(timelineHeight, max(0, area.height - 4)))
    }

    /// The largest useful scroll offset for `model`'s task at its terminal size.
    public static func maxScroll(_ model: Model) -> Int {
        guard let data = model.taskDetail?.data else { return 0 }
        let area = Rect(x: 0, y: 0, width: model.size.width, height: AppView.bodyHeight(for: model.size))
        let projected = projections(model, data)
        let (body, _) = split(area, attempts: data.attempts.count, projected: projected.times.count)
        let count = lines(for: data, width: body.width - 1, now: model.now, offset: model.config.utcOffsetSeconds,
                          projected: projected).count
        return ParagraphWidget.maxScroll(lineCount: count, height: body.height)
    }

    /// The scrollable text: fields, payload, result and the attempt list, ending with the `projected`
    /// coming attempts (dimmed, named as projections by the policy they follow).
    public static func lines(for data: TaskDetailData, width: Int, now: Timestamp, offset: Int,
                             projected: (times: [Timestamp], policy: String) = ([], "")) -> [ParagraphWidget.Line] {
        let task = data.task
        var lines: [ParagraphWidget.Line] = []
        func field(_ name: String, _ value: String, _ style: Style = .normal) {
            let label = TextWidth.pad(name, to: 11)
            for (index, part) in TextWidth.wrap(value, to: max(1, width - 13)).enumerated() {
                lines.append(.init((index == 0 ? "  " + label : String(repeating: " ", count: 13)) + part, style))
            }
        }
        func time(_ value: Timestamp?) -> String {
            guard let value else { return "-" }
            let relative = value <= now ? "\(Format.age(now - value)) ago" : "in \(Format.age(value - now))"
            return "\(Format.dateTime(value, offsetSeconds: offset))  (\(relative))"
        }
        let state = Format.state(of: task)
        lines.append(.init("Task \(task.id)   \(state.text)", .columnTitle))
        field("type", task.type)
        field("queue", task.queue)
        field("state", state.text + (Format.isReady(task) ? " (retried: its next attempt is due now)" : ""), state.style)
        // The limit that applies is the lower of the task's and its queue's.
        let limit = AttemptRules.triesLimit(taskMaxTries: task.maxTries, queueMaxTries: data.queue?.maxTries ?? -1)
        field("tries", "\(task.tries) of \(Format.limit(limit ?? 0))")
        field("created", time(task.created))
        field("tried", time(task.tried))
        field("deadline", task.deadline.map { time($0) } ?? "none")
        if let signature = task.signature, !signature.isEmpty { field("signature", "ed25519 \(signature)") }
        if !data.dependencies.isEmpty {
            let failed = data.dependencies.contains { $0.state.map(DependencyRules.failedStates.contains) ?? false }
            field("depends on", data.dependencies.map(\.text).joined(separator: ", ")
                  + (task.loadDependencies ? "; results loaded" : ""), failed ? .danger : .normal)
        }
        if !data.dependents.isEmpty { field("dependents", data.dependents.map(\.text).joined(separator: ", ")) }
        if let lease = data.lease {
            // A running task whose worker stopped renewing is not a healthy `active`: say so.
            let text = "attempt \(lease.attempt): \(lease.describe(at: now))" + (lease.terminateRequested ? "; termination asked" : "")
            field("lease", text, lease.hasExpired(at: now) ? .danger : .normal)
        }
        field("last error", task.lastError ?? "-", task.lastError == nil ? .dim : .danger)
        if let result = task.result {
            field("completed", time(result.completed), .ok)
            field("result", result.payload.jsonString)
        }
        let (payloadTitle, payloadText) = describe(task.payload)
        lines.append(.init(payloadTitle, .columnTitle))
        for line in TextWidth.wrap(payloadText, to: max(1, width - 2)) { lines.append(.init("  " + line)) }
        lines.append(.init("Attempts (\(data.attempts.count))", .columnTitle))
        if data.attempts.isEmpty { lines.append(.init("  none yet", .dim)) }
        for attempt in data.attempts {
            let duration = (attempt.ended ?? now) - attempt.started
            let text = "  #\(attempt.n)  \(Format.dateTime(attempt.started, offsetSeconds: offset))  "
                + "\(TextWidth.pad(Format.duration(duration), to: 6, alignRight: true))  "
                + "\(Format.glyph(attempt.outcome)) \(TextWidth.pad(attempt.outcome.rawValue, to: 11))"
                + (attempt.error.map { " " + $0 } ?? "")
            for (index, part) in TextWidth.wrap(text, to: max(1, width)).enumerated() {
                lines.append(.init(index == 0 ? part : "      " + part, Format.style(attempt.outcome)))
            }
        }
        for (index, time) in projected.times.enumerated() {
            let number = task.tries + 1 + index
            let what = index == 0 ? "◌ scheduled" : "◌ projected, if #\(number - 1) fails"
            lines.append(.init("  #\(number)  \(Format.dateTime(time, offsetSeconds: offset))          \(what)", .dim))
        }
        if projected.times.count > 1 {
            for part in TextWidth.wrap("  (projected by \(projected.policy), jitter at its middle, each try failing at once)",
                                       to: max(1, width)) {
                lines.append(.init(part, .dim))
            }
        }
        return lines
    }

    /// A title and the payload's text: pretty JSON when it parses, else UTF-8 text, else hex.
    public static func describe(_ payload: Data?) -> (String, String) {
        guard let payload, !payload.isEmpty else { return ("Payload (none)", "") }
        if let object = try? JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed]),
           let pretty = try? JSONSerialization.data(withJSONObject: object,
                                                   options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) {
            return ("Payload (\(payload.count) bytes, JSON)", String(decoding: pretty, as: UTF8.self))
        }
        if let text = String(data: payload, encoding: .utf8) { return ("Payload (\(payload.count) bytes, text)", text) }
        let hex = payload.prefix(256).map { String(format: "%02x", $0) }.joined(separator: " ")
        return ("Payload (\(payload.count) bytes, binary)", hex + (payload.count > 256 ? " …" : ""))
    }

    static func renderTimeline(_ data: TaskDetailData, now: Timestamp, offset: Int, projected: [Timestamp] = [],
                               into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let (title, plot) = area.splitTop(1)
        let task = data.task
        var heading = "Timeline"
        switch task.state {
        case .retry where Format.isReady(task):
            heading += ": ready, its next attempt is due now"
        case .retry:
            if let next = data.nextAttempt, next > now {
                heading += ": next retry in \(GoDuration.compact(next - now)) at "
                    + "\(Format.dateTime(next, offsetSeconds: offset)) (\(task.tries) tries so far)"
            } else {
                heading += ": retry due now (\(task.tries) tries so far)"
            }
        case .active: heading += ": attempt \(task.tries) running"
        case .new: heading += ": waiting for its first attempt"
        default: heading += ": \(task.state.rawValue)"
        }
        let later = projected.dropFirst()
        buffer.write(heading, x: title.x, y: title.y, style: Format.state(of: task).style, clip: title)
        let shown = data.attempts.suffix(timelineSpans)
        guard let first = shown.first else { return }
        let upcoming = data.nextAttempt.flatMap { task.state == .retry && $0 > now ? $0 : nil }
        let end = max(later.last ?? upcoming ?? now, shown.map { $0.ended ?? now }.max() ?? now)
        let start = first.started
        var spans = shown.map {
            TimelineWidget.Span(start: $0.started, end: $0.ended ?? now, glyph: Format.glyph($0.outcome),
                                style: Format.style($0.outcome))
        }
        // The projected attempts share one dimmed row, each a ◌ at its time.
        if !later.isEmpty {
            spans.append(TimelineWidget.Span(start: later.first!, end: later.last!, glyph: "◌", style: .dim, marks: Array(later)))
        }
        var labels = [TimelineWidget.Label(at: start, text: Format.clock(start, offsetSeconds: offset))]
        if let upcoming {
            // "now" only where it cannot run into the retry label beside it.
            let retryLabel = "retry " + Format.clock(upcoming, offsetSeconds: offset)
            let columnsApart = Double((upcoming - now).nanoseconds) / Double(max(1, (end - start).nanoseconds)) * Double(plot.width)
            if columnsApart > Double(retryLabel.count + 4) { labels.append(TimelineWidget.Label(at: now, text: "now")) }
            labels.append(TimelineWidget.Label(at: upcoming, text: retryLabel))
            // The last projection's time closes the axis, where it clears the retry label.
            if let last = later.last {
                let text = Format.clock(last, offsetSeconds: offset)
                let apart = Double((last - upcoming).nanoseconds) / Double(max(1, (end - start).nanoseconds)) * Double(plot.width)
                if apart > Double((retryLabel.count + text.count) / 2 + 2) { labels.append(TimelineWidget.Label(at: last, text: text)) }
            }
        } else {
            labels.append(TimelineWidget.Label(at: end, text: "now " + Format.clock(end, offsetSeconds: offset)))
        }
        let timeline = TimelineWidget(start: start, end: end, content: .spans(spans), labels: labels)
        timeline.render(into: plot, buffer: &buffer)
        // The projections' row says what it is where the row is free, left of its first mark.
        if let first = later.first, plot.height > 1 {
            let row = plot.y + min(spans.count, plot.height - 1) - 1
            let label = "projected"
            if timeline.column(of: first, width: plot.width) > label.count + 1 {
                buffer.write(label, x: plot.x, y: row, style: .dim, clip: plot)
            }
        }
    }
}
