/// A row of tab titles, the active one highlighted and bracketed (brackets carry it without colour).
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
        var x = area.x
        for (index, title) in titles.enumerated() {
            let isActive = index == active
            let text = isActive ? "[\(title)]" : " \(title) "
            x = buffer.write(text, x: x, y: area.y, style: isActive ? .tabActive : .dim, clip: area)
        }
    }
}
