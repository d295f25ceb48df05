/// How each ``Style`` looks on one kind of terminal: the htop/k9s idea of schemes over named meanings.
public struct ColorScheme: Sendable {
    /// Colours and attributes of one meaning. Colours are terminal palette indexes; nil is the default.
    public struct Appearance: Sendable, Hashable {
        /// Foreground palette index.
        public var foreground: Int?
        /// Background palette index.
        public var background: Int?
        /// Bold text.
        public var bold: Bool
        /// Faint text.
        public var dim: Bool
        /// Swapped foreground and background.
        public var reverse: Bool
        /// Underlined text.
        public var underline: Bool

        /// Creates an appearance.
        public init(foreground: Int? = nil, background: Int? = nil, bold: Bool = false, dim: Bool = false,
                    reverse: Bool = false, underline: Bool = false) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
            self.dim = dim
            self.reverse = reverse
            self.underline = underline
        }
    }

    /// The scheme's name, shown in help.
    public let name: String
    /// Whether it uses colour at all (backends skip colour set-up when not).
    public let usesColor: Bool
    private let appearances: [Style: Appearance]

    /// Creates a scheme; meanings not listed look normal.
    public init(name: String, usesColor: Bool, appearances: [Style: Appearance]) {
        self.name = name
        self.usesColor = usesColor
        self.appearances = appearances
    }

    /// How `style` looks.
    public func appearance(of style: Style) -> Appearance { appearances[style] ?? Appearance() }

    /// Picks the scheme for a terminal: monochrome when `NO_COLOR` is set (any value) or the terminal has no
    /// colour, 8 colours when that is all it has, else 256.
    public static func choose(colors: Int, noColor: Bool) -> ColorScheme {
        if noColor || colors < 8 { return .monochrome }
        return colors >= 256 ? .colors256 : .colors8
    }

    /// For 256-colour terminals.
    public static let colors256 = ColorScheme(name: "256 colours", usesColor: true, appearances: [
        .dim: Appearance(foreground: 245),
        .header: Appearance(foreground: 231, background: 24, bold: true),
        .columnTitle: Appearance(foreground: 252, background: 238, bold: true),
        .selectionFocused: Appearance(foreground: 16, background: 117),
        .tabActive: Appearance(foreground: 16, background: 179, bold: true),
        .keyHint: Appearance(foreground: 117, bold: true),
        .ok: Appearance(foreground: 114),
        .warning: Appearance(foreground: 214, bold: true),
        .marked: Appearance(foreground: 51, bold: true),
        .danger: Appearance(foreground: 203, bold: true),
        .retryScheduled: Appearance(foreground: 177),
        .active: Appearance(foreground: 81),
        .statusOK: Appearance(foreground: 114, bold: true),
        .statusError: Appearance(foreground: 203, bold: true),
        .prompt: Appearance(foreground: 16, background: 214, bold: true),
    ])

    /// For 8-colour terminals.
    public static let colors8 = ColorScheme(name: "8 colours", usesColor: true, appearances: [
        .dim: Appearance(dim: true),
        .header: Appearance(foreground: 7, background: 4, bold: true),
        .columnTitle: Appearance(bold: true, underline: true),
        .selectionFocused: Appearance(foreground: 0, background: 6),
        .tabActive: Appearance(foreground: 0, background: 3),
        .keyHint: Appearance(foreground: 6, bold: true),
        .ok: Appearance(foreground: 2),
        .warning: Appearance(foreground: 3, bold: true),
        .marked: Appearance(foreground: 6, bold: true),
        .danger: Appearance(foreground: 1, bold: true),
        .retryScheduled: Appearance(foreground: 5),
        .active: Appearance(foreground: 6),
        .statusOK: Appearance(foreground: 2, bold: true),
        .statusError: Appearance(foreground: 1, bold: true),
        .prompt: Appearance(foreground: 0, background: 3, bold: true),
    ])

    /// Attributes only, for `NO_COLOR` and colourless terminals. Text and glyphs carry every meaning; the
    /// attributes only add emphasis.
    public static let monochrome = ColorScheme(name: "monochrome", usesColor: false, appearances: [
        .dim: Appearance(dim: true),
        .header: Appearance(reverse: true),
        .columnTitle: Appearance(bold: true, underline: true),
        .selectionFocused: Appearance(reverse: true),
        .tabActive: Appearance(bold: true, reverse: true),
        .keyHint: Appearance(bold: true),
        .warning: Appearance(bold: true),
        .marked: Appearance(bold: true, underline: true),
        .danger: Appearance(bold: true, underline: true),
        .statusOK: Appearance(bold: true),
        .statusError: Appearance(bold: true, underline: true),
        .prompt: Appearance(bold: true, reverse: true),
    ])
}
