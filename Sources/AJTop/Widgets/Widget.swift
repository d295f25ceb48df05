/// Something that draws itself into a rectangle of a buffer: a pure function of its own values, so it can be
/// tested by rendering into a buffer and comparing lines.
public protocol Widget: Sendable {
    /// Draws into `area` of `buffer`, touching no cell outside it.
    func render(into area: Rect, buffer: inout Buffer)
}
