/// A handler error whose text has a NUL, control characters, a newline, a replacement character and emoji:
/// whatever a store and a terminal must survive in `last_err`.
struct OddError: Error, CustomStringConvertible {
    var description: String { "handler failed: nul \u{0} bell \u{7} esc \u{1B}[31m newline\nsecond line \u{FFFD} \u{1F4A5}" }
}
