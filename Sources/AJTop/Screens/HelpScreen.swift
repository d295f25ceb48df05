/// Every binding of the key map with what it does, generated so it can never disagree with the keys.
public enum HelpScreen {
    /// The help text.
    public static func lines(_ keyMap: KeyMap, readOnly: Bool) -> [ParagraphWidget.Line] {
        var lines: [ParagraphWidget.Line] = [.init("Keys", .columnTitle)]
        for binding in keyMap.bindings {
            let refused = readOnly && binding.action.isMutating ? "  (refused: read-only)" : ""
            lines.append(.init("  \(TextWidth.pad(binding.label, to: 8)) \(binding.summary)\(refused)",
                               refused.isEmpty ? .normal : .dim))
        }
        lines.append(.init(""))
        lines.append(.init("Marks", .columnTitle))
        lines.append(.init("  ‖ paused queue   ▶ selected row   ▲▼ more to scroll   · nothing in that period"))
        lines.append(.init("  states: ○ new  ○ ready (retried, due now)  ▶ active  ↻ retry  ✓ complete"))
        lines.append(.init("          ⧗ expired  ⊘ terminated  ✗ error"))
        lines.append(.init("  attempts: ✓ complete  ✗ failed  ⧖ timeout  ⊘ terminated  ↯ interrupted"))
        lines.append(.init("            ▶ running  ◌ coming (scheduled, then projected by the retry policy)"))
        lines.append(.init("  LOAD gauge: active against MaxConcurrent; full means the queue is saturated"))
        lines.append(.init("  STATES bar: \(QueuesScreen.stateLegend)"))
        lines.append(.init("              in proportion, and every state present gets a cell"))
        let window = "\(Int(Model.throughputWindow.seconds))s"
        lines.append(.init("  ERR%: failed ÷ finished (complete + failed) over the last \(window)"))
        lines.append(.init("  THROUGHPUT \(window): completions per \(Int(Model.throughputBucket.seconds))s, then the rate: completions per second"))
        lines.append(.init("              over the \(window) (and from \(QueuesScreen.roomyWidth) columns the peak rate); blank before"))
        lines.append(.init("              the store's history begins, idle: none completed"))
        lines.append(.init("  P95WAIT: 95th percentile of wait (ready → started), last 5 min (— if none)"))
        lines.append(.init("  History (h on a queue): completions, and the error rate (failed and retried ÷"))
        lines.append(.init("              finished attempts) per bucket; p50/p95/p99 of wait and run times"))
        lines.append(.init("              over the last 5 min and hour (— without a sample)"))
        return lines
    }

    /// The largest useful scroll offset at `model`'s terminal size.
    public static func maxScroll(_ model: Model) -> Int {
        ParagraphWidget.maxScroll(lineCount: lines(model.keyMap, readOnly: model.config.readOnly).count,
                                  height: AppView.bodyHeight(for: model.size))
    }

    /// Draws help into `area`.
    public static func render(_ model: Model, into area: Rect, buffer: inout Buffer) {
        ParagraphWidget(lines: lines(model.keyMap, readOnly: model.config.readOnly), scroll: model.helpScroll)
            .render(into: area, buffer: &buffer)
    }
}
