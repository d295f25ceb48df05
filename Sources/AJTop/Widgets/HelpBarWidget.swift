/// The footer: `key hint` pairs from the key map, as many as fit, so hints can never drift from bindings.
/// Help comes first, so the way to every other binding is visible at any width.
public struct HelpBarWidget: Widget {
    /// The bindings to offer, most important first.
    public var bindings: [KeyMap.Binding]

    /// Creates the bar.
    public init(bindings: [KeyMap.Binding]) { self.bindings = bindings }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        var x = area.x
        let ordered = bindings.filter { $0.action == .help } + bindings.filter { $0.action != .help }
        for binding in ordered {
            let needed = TextWidth.of(binding.label) + 1 + TextWidth.of(binding.hint) + 2
            guard x + needed - 2 <= area.right else { break }
            x = buffer.write(binding.label, x: x, y: area.y, style: .keyHint, clip: area)
            x = buffer.write(" " + binding.hint + "  ", x: x, y: area.y, style: .dim, clip: area)
        }
    }
}
