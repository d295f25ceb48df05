import AJTop
import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The one file that speaks ncurses: a ``TerminalBackend`` over ncursesw with UTF-8, 256 colours falling
/// back to 8 or to attributes only (`NO_COLOR`), and resize through `KEY_RESIZE`.
final class NcursesBackend: TerminalBackend {
    private let window: UnsafeMutablePointer<WINDOW>
    private var attributes: [Style: (attr: attr_t, pair: Int16)] = [:]
    private var isOpen = true
    /// Whether the locale cannot show the dashboard's glyphs, which are then drawn as ASCII.
    private let ascii: Bool

    /// Takes over the terminal. Signal handlers must be installed before this, so that ncurses leaves
    /// SIGINT/SIGTERM to them (it only installs its own where none is set).
    init(noColor: Bool) throws(TerminalError) {
        guard let window = cn_start() else {
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            let which = term.isEmpty ? "TERM is not set" : "the terminal type TERM=\(term) is unknown to ncurses"
            throw TerminalError(message: "\(which); run with TERM=xterm-256color (or another installed type), or use --batch for plain text")
        }
        self.window = window
        ascii = !AsciiFallback.localeIsUTF8
        raw()
        noecho()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        wtimeout(window, 50)
        var colors = 0
        if has_colors() && !noColor {
            start_color()
            use_default_colors()
            colors = Int(cn_colors())
        }
        let scheme = ColorScheme.choose(colors: colors, noColor: noColor)
        for (index, style) in Style.allCases.enumerated() {
            let look = scheme.appearance(of: style)
            var attr = cn_a_normal()
            if look.bold { attr |= cn_a_bold() }
            if look.dim { attr |= cn_a_dim() }
            if look.reverse { attr |= cn_a_reverse() }
            if look.underline { attr |= cn_a_underline() }
            var pair: Int16 = 0
            if scheme.usesColor, look.foreground != nil || look.background != nil {
                pair = Int16(index + 1)
                init_pair(pair, Int16(look.foreground ?? -1), Int16(look.background ?? -1))
            }
            attributes[style] = (attr, pair)
        }
        wclear(window)
    }

    var size: Size { Size(width: Int(getmaxx(window)), height: Int(getmaxy(window))) }

    func readKey(timeout: Duration) -> Key? {
        wtimeout(window, Int32(timeout.nanoseconds / 1_000_000))
        var isKeyCode: Int32 = 0
        let value = cn_read(window, &isKeyCode)
        if value == cn_err() { return nil }
        if isKeyCode != 0 {
            switch value {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_BACKSPACE: return .backspace
            case cn_key_resize(): return .resize
            default: return nil
            }
        }
        switch value {
        case 3: return .controlC
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard value >= 32, let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            return .character(Character(scalar))
        }
    }

    func draw(_ updates: [Buffer.Update]) {
        for update in updates where !update.cell.isContinuation {
            let look = attributes[update.cell.style] ?? (cn_a_normal(), 0)
            let character = ascii ? AsciiFallback.character(update.cell.character) : update.cell.character
            String(character).withCString { text in
                cn_put(window, Int32(update.y), Int32(update.x), text, look.attr, look.pair)
            }
        }
    }

    func flush() { wrefresh(window) }

    func clear() { wclear(window) }

    /// Gives the terminal back; safe to call more than once.
    func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
    }
}
