/// The single source of truth for key bindings. Help and the footer hints are generated from it.
public struct KeyMap: Sendable {
    /// Keys bound to one action, with how help and hints describe it.
    public struct Binding: Sendable {
        /// The keys that trigger it.
        public var keys: [Key]
        /// What it does.
        public var action: KeyAction
        /// The keys as help writes them (e.g. `↑/k`).
        public var label: String
        /// A short word for the hint bar.
        public var hint: String
        /// A sentence for the help screen.
        public var summary: String
        /// Screens on which the hint bar offers it (help lists every binding regardless).
        public var hintedOn: Set<ScreenKind>
        /// Hint words for screens where the key acts on something else (`+` on the Workers screen).
        public var screenHints: [ScreenKind: String]

        /// Creates a binding.
        public init(_ keys: [Key], _ action: KeyAction, label: String, hint: String, summary: String,
                    hintedOn: Set<ScreenKind>, screenHints: [ScreenKind: String] = [:]) {
            self.keys = keys
            self.action = action
            self.label = label
            self.hint = hint
            self.summary = summary
            self.hintedOn = hintedOn
            self.screenHints = screenHints
        }
    }

    /// Every binding, in the order help lists them.
    public let bindings: [Binding]
    private let lookup: [Key: KeyAction]

    /// Creates a key map; a key bound twice keeps its first binding.
    public init(bindings: [Binding]) {
        self.bindings = bindings
        var lookup: [Key: KeyAction] = [:]
        for binding in bindings {
            for key in binding.keys where lookup[key] == nil { lookup[key] = binding.action }
        }
        self.lookup = lookup
    }

    /// The action `key` triggers, if any.
    public func action(for key: Key) -> KeyAction? { lookup[key] }

    /// The bindings the hint bar shows on `screen`, in order; those that need a local worker pool only
    /// when this process runs one.
    public func hints(on screen: ScreenKind, localPool: Bool = false) -> [Binding] {
        bindings.filter { $0.hintedOn.contains(screen) && (localPool || !$0.action.needsLocalPool) }.map { binding in
            var shown = binding
            shown.hint = binding.screenHints[screen] ?? binding.hint
            return shown
        }
    }

    /// ajtop's keys, as its help screen lists them.
    public static let standard = KeyMap(bindings: [
        Binding([.up, .character("k")], .moveUp, label: "↑/k", hint: "up", summary: "move up / scroll up",
                hintedOn: []),
        Binding([.down, .character("j")], .moveDown, label: "↓/j", hint: "move", summary: "move down / scroll down",
                hintedOn: [.queues, .workers, .schedules]),
        Binding([.pageUp], .pageUp, label: "PgUp", hint: "page up", summary: "previous page", hintedOn: []),
        Binding([.pageDown], .pageDown, label: "PgDn", hint: "page", summary: "next page",
                hintedOn: [.taskDetail]),
        Binding([.enter], .open, label: "Enter", hint: "open",
                summary: "open the selected queue, task, error group, slot's or schedule's task",
                hintedOn: [.queues, .queueDetail, .errors, .workers, .events, .schedules]),
        Binding([.escape], .back, label: "Esc", hint: "back",
                summary: "clear the filter or error group, or go back to the previous screen",
                hintedOn: [.queueDetail, .errors, .taskDetail, .workers, .events, .schedules, .help]),
        Binding([.tab], .nextTab, label: "Tab", hint: "tab", summary: "next state tab", hintedOn: [.queueDetail]),
        Binding([.backTab], .previousTab, label: "S-Tab", hint: "prev tab", summary: "previous state tab",
                hintedOn: []),
        Binding([.character("1")], .queuesScreen, label: "1", hint: "queues", summary: "Queues screen",
                hintedOn: [.taskDetail]),
        Binding([.character("2")], .workersScreen, label: "2", hint: "workers",
                summary: "Workers screen (when this ajtop runs a worker pool)", hintedOn: [.queues, .taskDetail]),
        Binding([.character("3")], .eventsScreen, label: "3", hint: "events",
                summary: "Events screen: live state changes (p pauses, / filters)",
                hintedOn: []),
        Binding([.character("4")], .schedulesScreen, label: "4", hint: "schedules",
                summary: "Schedules screen: next and last fires, the scheduling leader",
                hintedOn: []),
        Binding([.character("/")], .filter, label: "/", hint: "filter",
                summary: "search id, type, error and payload text (Enter applies, Esc clears)",
                hintedOn: [.queues, .queueDetail, .events]),
        Binding([.character(" ")], .toggleMark, label: "space", hint: "mark",
                summary: "mark or unmark the selected task for a bulk action", hintedOn: []),
        Binding([.character("*")], .markAll, label: "*", hint: "mark all",
                summary: "mark every task matching the tab and filter (all in the store)", hintedOn: []),
        Binding([.character("u")], .clearMarks, label: "u", hint: "unmark", summary: "clear the marks",
                hintedOn: []),
        Binding([.character("r")], .retry, label: "r", hint: "retry",
                summary: "retry the selected task now, or the marked ones (asks y/N)",
                hintedOn: [.queueDetail, .taskDetail]),
        Binding([.character("t")], .terminate, label: "t", hint: "terminate",
                summary: "terminate the selected task, or the marked ones (asks y/N)",
                hintedOn: [.queueDetail, .taskDetail]),
        Binding([.character("d")], .delete, label: "d", hint: "delete",
                summary: "delete the selected or marked tasks with their history (asks y/N)",
                hintedOn: []),
        Binding([.character("p")], .togglePause, label: "p", hint: "pause",
                summary: "pause/resume the queue (or a task's); on Events, the stream",
                hintedOn: [.queues, .queueDetail, .events], screenHints: [.events: "pause/follow"]),
        Binding([.character("+"), .character("=")], .increaseConcurrency, label: "+", hint: "max+",
                summary: "raise the queue's MaxConcurrent by one (Workers screen: local slots)",
                hintedOn: [.queues, .queueDetail, .workers], screenHints: [.workers: "slots+"]),
        Binding([.character("-")], .decreaseConcurrency, label: "-", hint: "max-",
                summary: "lower the queue's MaxConcurrent by one (Workers screen: local slots)",
                hintedOn: [.queues, .queueDetail, .workers], screenHints: [.workers: "slots-"]),
        Binding([.character("w")], .toggleWorkers, label: "w", hint: "start/stop",
                summary: "stop (drain: running tasks finish) or start the local worker pool",
                hintedOn: [.workers]),
        Binding([.character("?")], .help, label: "?", hint: "help", summary: "this help",
                hintedOn: [.queues, .queueDetail, .errors, .taskDetail, .workers, .events]),
        Binding([.character("q")], .quit, label: "q", hint: "quit/back",
                summary: "go back; quit from the Queues screen",
                hintedOn: [.queues, .queueDetail, .errors, .taskDetail, .workers, .events, .help]),
        // After q, so the 80-column hint bars keep q and show `e` only where there is room.
        Binding([.character("e")], .errorsScreen, label: "e", hint: "errors",
                summary: "a queue's failed tasks grouped by error (Enter lists a group's tasks)",
                hintedOn: [.queues, .queueDetail]),
        Binding([.character("h")], .history, label: "h", hint: "history",
                summary: "a queue's history and latency; again: 1h → 24h → 7d (Esc: its tasks)",
                hintedOn: [.queueDetail]),
        Binding([.controlC], .forceQuit, label: "Ctrl-C", hint: "quit", summary: "quit", hintedOn: []),
    ])
}
