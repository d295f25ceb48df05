import AsyncJobs

/// The run loop: feeds keys, ticks, resizes and store answers to ``Model/update(_:)``, hands effects to the
/// ``EffectDispatcher``, and draws only the cells that changed since the last frame.
///
/// Input is read with a short timeout and store work runs elsewhere, so keys stay responsive whatever the
/// store does.
public final class AppRunner {
    /// The current state.
    public private(set) var model: Model
    /// Where frames go and keys come from.
    public let backend: any TerminalBackend
    /// Runs store effects.
    public let dispatcher: EffectDispatcher
    private let clock: any JobClock
    private let stopRequested: @Sendable () -> Bool
    private var previous = Buffer(width: 0, height: 0)
    private var nextTick: Timestamp
    private var dirty = true
    private var started = false

    /// How long one wait for a key lasts: the latency of store answers reaching the screen.
    public static let keyWait: Duration = .milliseconds(50)

    /// Creates a runner; `stopRequested` is polled every iteration (signals set it).
    public init(model: Model, backend: any TerminalBackend, dispatcher: EffectDispatcher,
                clock: any JobClock = SystemClock(), stopRequested: @escaping @Sendable () -> Bool = { false }) {
        self.model = model
        self.backend = backend
        self.dispatcher = dispatcher
        self.clock = clock
        self.stopRequested = stopRequested
        self.nextTick = clock.now()
    }

    /// Runs until the user quits or a stop is requested.
    public func run() {
        while !model.isQuitting && !stopRequested() { runOnce() }
    }

    /// One iteration: answers, resize, tick, draw, then one key (waiting at most ``keyWait``).
    public func runOnce() {
        if !started {
            started = true
            model.size = backend.size
            dispatcher.dispatch(model.start())
        }
        for message in dispatcher.drain() { send(message) }
        let size = backend.size
        if size != model.size {
            send(.resized(size))
            backend.clear()
            previous = Buffer(width: 0, height: 0)
        }
        let now = clock.now()
        if now >= nextTick {
            nextTick = now + min(model.config.refresh, .seconds(1))
            send(.tick(now))
        }
        if dirty { draw() }
        if let key = backend.readKey(timeout: Self.keyWait) { send(.key(key)) }
    }

    /// Applies `message` and starts its effects.
    public func send(_ message: Message) {
        dispatcher.dispatch(model.update(message))
        dirty = true
    }

    private func draw() {
        let frame = AppView.render(model)
        let updates = frame.diff(from: previous)
        if !updates.isEmpty {
            backend.draw(updates)
            backend.flush()
        }
        previous = frame
        dirty = false
    }
}
