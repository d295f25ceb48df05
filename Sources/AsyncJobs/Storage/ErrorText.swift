/// The limit on the error texts a store keeps (a task's `last_err`, an attempt's error, an event's).
///
/// A handler's error is whatever it throws: an external command's last stderr line once reached 50 MB
/// and was stored three times over, after which `ajc task view` took more than a minute. Every store
/// applies this cap (``Resolution/error`` is capped), and the shared conformance suite checks it.
public enum ErrorText {
    /// Most bytes of UTF-8 kept per error text, marker included.
    public static let limit = 4096

    /// `text` unchanged when it fits in ``limit`` bytes; otherwise its start, cut on a character boundary,
    /// followed by `… (N bytes cut)`, in at most ``limit`` bytes.
    public static func capped(_ text: String) -> String {
        let size = text.utf8.count
        guard size > limit else { return text }
        // The marker's own length depends on N, so reserve room for the longest N an Int can have.
        let reserve = marker(cut: Int.max).utf8.count
        var kept = Substring(text)
        var keptSize = 0
        var end = text.startIndex
        for character in text {
            let width = character.utf8.count
            guard keptSize + width <= limit - reserve else { break }
            keptSize += width
            end = text.index(after: end)
        }
        kept = text[..<end]
        return kept + marker(cut: size - keptSize)
    }

    /// What replaces the cut part.
    static func marker(cut: Int) -> String { "… (\(cut) bytes cut)" }
}
