import Foundation

/// What a command handler keeps of one output stream: a bounded part of it, and how big it was.
///
/// A command may write far more than any result or error should hold (50 MB of stdout kept whole stalled
/// its worker for seconds and then the store for longer), so reading keeps at most ``limit`` bytes and
/// only counts the rest, which keeps memory flat and the pipe draining at full speed.
struct OutputCapture: Sendable {
    /// Which part of the stream is kept.
    enum Keep: Sendable {
        /// The first bytes: standard output, whose whole is the result (and too much is an error).
        case head
        /// The last bytes: standard error, of which only the last line is used.
        case tail
    }

    /// Most bytes kept.
    let limit: Int
    /// Which end is kept.
    let keep: Keep
    /// The kept bytes: the stream's first or last ``limit`` bytes.
    private(set) var kept = Data()
    /// Every byte the stream carried, kept or not.
    private(set) var size = 0

    init(limit: Int, keep: Keep) {
        self.limit = limit
        self.keep = keep
    }

    /// Whether bytes were dropped.
    var isTruncated: Bool { size > kept.count }

    /// Takes the next `count` bytes read into `buffer`.
    mutating func append(_ buffer: UnsafeRawBufferPointer) {
        size += buffer.count
        switch keep {
        case .head:
            let room = limit - kept.count
            if room > 0 { kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer.prefix(room))) }
        case .tail:
            kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer.suffix(limit)))
            // Trimmed in one step once the buffer holds twice the limit, so appends stay amortised O(1).
            if kept.count >= 2 * limit { kept = Data(kept.suffix(limit)) }
        }
    }

    /// The kept bytes, for a tail no more than ``limit``.
    var bytes: Data {
        keep == .tail && kept.count > limit ? Data(kept.suffix(limit)) : kept
    }
}
