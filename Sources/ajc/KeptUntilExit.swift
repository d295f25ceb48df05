import Synchronization

/// Objects ajc keeps until the process exits instead of freeing them when a command returns: the
/// JetStream store's mirror of 100,000 tasks took a twentieth of `ajc queue ls` to free, memory the exit
/// hands back at once.
enum KeptUntilExit {
    private static let kept = Mutex<[any AnyObject & Sendable]>([])

    /// Keeps `object` alive until the process ends.
    static func keep(_ object: any AnyObject & Sendable) {
        kept.withLock { $0.append(object) }
    }
}
