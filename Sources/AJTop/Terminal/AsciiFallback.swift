#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ASCII stand-ins for the dashboard's glyphs, for terminals whose locale is not UTF-8 (`LANG=C`), where
/// ncurses prints every cursor, gauge and sparkline cell as `?`.
///
/// Every stand-in is one column, like the glyph it replaces, so layouts do not move.
public enum AsciiFallback {
    /// The glyphs the widgets and screens draw, and what replaces each.
    static let table: [Character: Character] = [
        "▶": ">", "○": "o", "↻": "r", "✓": "+", "⧗": "x", "⧖": "t", "⊘": "/", "✗": "x", "…": "~",
        "·": ".", "─": "-", "│": "|", "█": "#", "▁": "_", "▂": "_", "▃": "-", "▄": "-", "▅": "=", "▆": "=",
        "▇": "#", "↑": "^", "↓": "v", "←": "<", "→": ">", "↯": "!", "∞": "*", "▲": "^", "▼": "v", "‹": "<",
        "‖": "|", "┴": "+", "▏": "|", "▎": "|", "▍": "|", "▌": "|", "▋": "#", "▊": "#", "▉": "#",
        // The STATES bar's patterns stay apart from each other: active, ready, retry, complete, failed.
        "▓": "=", "▒": "%", "░": ":", "╳": "x", "÷": "/",
        // A projected attempt on a task's timeline.
        "◌": "o",
        // A lower bound (`in ≥33/s` after a bulk import).
        "≥": ">",
        // No sample (P95WAIT, the latency table) and a leaderless schedule's reason; microseconds (`820µs`).
        "—": "-", "µ": "u",
    ]

    /// `character` itself when ASCII, its stand-in, or `?` for anything else.
    public static func character(_ character: Character) -> Character {
        if character.isASCII { return character }
        return table[character] ?? "?"
    }

    /// `text` with every character through ``character(_:)``.
    public static func text(_ text: String) -> String {
        String(text.map(character))
    }

    /// Whether the process's character locale (from `LC_ALL`, `LC_CTYPE`, `LANG`, as `setlocale` reads
    /// them) encodes UTF-8. Sets the process's `LC_CTYPE` from the environment, as a terminal program must.
    public static var localeIsUTF8: Bool {
        guard setlocale(LC_CTYPE, "") != nil, let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
