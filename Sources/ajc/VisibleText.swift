/// Text from the store made safe to print on a terminal.
///
/// Errors and payloads are written by handlers and may hold anything: a NUL, a bell, an escape sequence
/// that recolours or clears the operator's screen. Printed raw, the terminal obeys them instead of showing
/// them, so every control character is shown as a `\u{1B}`-style escape.
enum VisibleText {
    /// `text` with its control characters escaped; with `keepingLines`, newlines and tabs stay as they are
    /// (multi-line payloads), otherwise they are escaped too (one value per line or table cell).
    static func escaping(_ text: String, keepingLines: Bool = false) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory != .control || (keepingLines && (scalar == "\n" || scalar == "\t")) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }
}
