/// A row of tab titles, the active one highlighted and bracketed (brackets carry it without colour). When
/// the titles do not fit, the row starts late enough to show the active tab, with `‹` saying some are hidden.
public struct TabsWidget: Widget {
    /// Titles in order.
    public var titles: [String]
    /// The active tab.
    public var active: Int

    /// Creates tabs.
    public init(titles: [String], active: Int) {
        self.titles = titles
        self.active = active
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let texts = titles.enumerated().map { $0.offset == active ? "[\($0.element)]" : " \($0.element) " }
        var first = 0
        while first < active,
              1 + texts[first...min(active, texts.count - 1)].reduce(0, { $0 + TextWidth.of($1) }) > area.width {
            first += 1
        }
        var x = area.x
        if first > 0 { x = buffer.write("‹", x: x, y: area.y, style: .dim, clip: area) }
        for (index, title) in titles.enumerated().dropFirst(first) {
            let isActive = index == active
            let text = isActive ? "[\(title)]" : " \(title) "
            x = buffer.write(text, x: x, y: area.y, style: isActive ? .tabActive : .dim, clip: area)
        }
    }
}
