import AsyncJobs

/// `--batch`: renders the home screen, or the screen some keys lead to from it, as plain text frames (like
/// `top -b`), loading synchronously, with optional timing of read + render for the performance figures.
public struct BatchRunner {
    /// What a timed run measured.
    public struct Timing: Sendable {
        /// Milliseconds to read and render each frame.
        public var frameMilliseconds: [Double]

        /// The median frame time.
        public var median: Double {
            let sorted = frameMilliseconds.sorted()
            guard !sorted.isEmpty else { return 0 }
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    let storeController: StoreController
    let config: Model.Config
    let size: Size
    let clock: any JobClock
    /// Keys pressed on the home screen before each frame is drawn (`--keys`), each answered before the next.
    let keys: [Key]

    /// Creates a batch runner.
    public init(store storeController: StoreController, config: Model.Config, size: Size,
                clock: any JobClock = SystemClock(), keys: [Key] = []) {
        self.storeController = storeController
        self.config = config
        self.size = size
        self.clock = clock
        self.keys = keys
    }

    /// One frame's lines, trailing spaces trimmed, after reading what the home screen, and each screen the
    /// keys lead to, needs afresh (each batch frame stands alone, so the change token cannot save the read).
    public func frame() async -> [String] {
        var model = Model(config: config, now: clock.now(), size: size)
        var effects = model.start()
        for key in [nil] + keys.map(Optional.some) {
            if let key { effects = model.update(.key(key)) }
            for effect in effects {
                guard case .load(let request, _) = effect else { continue }
                if let answer = await storeController.execute(.load(request, force: true)) { _ = model.update(answer) }
            }
        }
        return AppView.render(model).lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }
    }

    /// Prints `iterations` frames through `output`, waiting the refresh interval between them (none when it
    /// is zero); returns how long each frame took to read and render.
    public func run(iterations: Int, output: (String) -> Void) async throws -> Timing {
        var timing = Timing(frameMilliseconds: [])
        for iteration in 0..<iterations {
            if iteration > 0, config.refresh > .zero { try await clock.sleep(until: clock.now() + config.refresh) }
            let start = ContinuousClock.now
            let lines = await frame()
            let elapsed = ContinuousClock.now - start
            timing.frameMilliseconds.append(Double(elapsed.nanoseconds) / 1e6)
            output(lines.joined(separator: "\n") + "\n")
        }
        return timing
    }
}
