/// A key press as the dashboard understands it, independent of the terminal library.
public enum Key: Sendable, Hashable {
    /// Arrows, paging, Enter, Esc, Tab and Shift-Tab, Backspace, and Ctrl-C (read as a key in raw mode).
    case up, down, pageUp, pageDown, enter, escape, tab, backTab, backspace, controlC
    /// The terminal changed size.
    case resize
    /// A printable character.
    case character(Character)

    /// The key `name` stands for, as `--batch --keys` takes them: `Enter`, `Esc`, `Tab`, `S-Tab`, `Up`,
    /// `Down`, `PgUp`, `PgDn` (or the arrows `↑`, `↓`), `Space`, or one printable character; nil otherwise.
    public init?(name: String) {
        let named: [String: Key] = ["Enter": .enter, "Esc": .escape, "Tab": .tab, "S-Tab": .backTab, "Up": .up, "↑": .up,
                                    "Down": .down, "↓": .down, "PgUp": .pageUp, "PgDn": .pageDown, "Space": .character(" ")]
        if let key = named[name] { self = key; return }
        guard name.count == 1, let character = name.first, !character.isWhitespace else { return nil }
        self = .character(character)
    }

    /// How the key is written in help and hints.
    public var label: String {
        switch self {
        case .up: "↑"
        case .down: "↓"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .controlC: "Ctrl-C"
        case .resize: "resize"
        case .character(let character): String(character)
        }
    }
}
