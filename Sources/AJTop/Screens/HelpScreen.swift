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
        lines.append(.init("  states: ○ new  ▶ active  ↻ retry  ✓ complete  ⧗ expired  ⊘ terminated  ✗ error"))
        lines.append(.init("  attempts: ✓ complete  ✗ failed  ⧖ timeout  ⊘ terminated  ↯ interrupted  ▶ running"))
        lines.append(.init("  LOAD gauge: active against MaxConcurrent; a full bar means the queue is saturated"))
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
