import Synchronization

/// Tasks suspended until their owner resumes them, each resumed exactly once: by the owner, or by its own
/// cancellation, whichever comes first.
///
/// Every place that parks tasks on a condition (the pool's wake signal, the SQLite store's commit signal,
/// the memory store's change waiters, the test clock's sleepers) has the same two races, solved here once:
/// - a resume between the waiter's own look at the condition and its suspension must not be lost, so
///   ``wait(tag:unless:)`` looks at the condition again *after* registering;
/// - a cancellation before, during or after registration must resume the waiter once, never twice and
///   never not at all: registration refuses an already cancelled task (the cancelled flag is set before the
///   cancellation handler runs), and the handler resumes the waiter only if it still finds it registered.
///
/// The owner keeps its condition under its own lock; `isSatisfied` is called with no lock of this type
/// held, and the owner calls ``resume(where:orderedBy:)`` after changing the condition, so the two locks
/// are never held together.
package final class CancellableWaiters<Tag: Sendable>: Sendable {
    private struct Waiter {
        let tag: Tag
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var nextID: UInt64 = 0
        var waiting: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())
    /// How many are registered, read without the lock: a store calls ``resume(where:orderedBy:)`` on every
    /// record it applies (100,000 while opening over as many tasks, with no one waiting), and even an empty
    /// pass through the lock ran this generic type's code unspecialised each time.
    private let registeredCount = Atomic<Int>(0)

    /// Creates an empty set of waiters.
    package init() {}

    /// How many tasks are waiting.
    package var count: Int { state.withLock { $0.waiting.count } }

    /// The tags of the waiting tasks, in no particular order.
    package var tags: [Tag] { state.withLock { $0.waiting.values.map(\.tag) } }

    /// Suspends until a resume picks this waiter, returning at once when `isSatisfied` holds once the
    /// waiter is registered.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled first (also when it already was).
    package func wait(tag: Tag, unless isSatisfied: () -> Bool) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let registered = state.withLock { state -> Bool in
                    // Checked under the lock: a cancellation handler that already ran found nothing to
                    // resume, so this is the only place left to see the cancellation.
                    if Task.isCancelled { return false }
                    state.waiting[id] = Waiter(tag: tag, continuation: continuation)
                    // Sequentially consistent on both sides: a resume that reads 0 here came before this
                    // store, so the `isSatisfied` below sees the change that resume was called for.
                    self.registeredCount.store(state.waiting.count, ordering: .sequentiallyConsistent)
                    return true
                }
                guard registered else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if isSatisfied() { take(id)?.continuation.resume() }
            }
        } onCancel: {
            take(id)?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Resumes every waiter whose tag `matches`, in `areInIncreasingOrder` when given; returns how many.
    @discardableResult
    package func resume(where matches: (Tag) -> Bool = { _ in true },
                        orderedBy areInIncreasingOrder: ((Tag, Tag) -> Bool)? = nil) -> Int {
        // Called on every change a store makes or sees: nothing to do costs nothing, and the ids are taken
        // with a closure (a key path into this generic type is built at run time on every call).
        guard registeredCount.load(ordering: .sequentiallyConsistent) > 0 else { return 0 }
        var due = state.withLock { state -> [Waiter] in
            if state.waiting.isEmpty { return [] }
            let ids = state.waiting.filter { matches($0.value.tag) }.map { $0.key }
            defer { registeredCount.store(state.waiting.count, ordering: .sequentiallyConsistent) }
            return ids.compactMap { state.waiting.removeValue(forKey: $0) }
        }
        if let areInIncreasingOrder { due.sort { areInIncreasingOrder($0.tag, $1.tag) } }
        for waiter in due { waiter.continuation.resume() }
        return due.count
    }

    /// Removes the waiter `id` if it is still registered, so that whoever gets it is the one to resume it.
    private func take(_ id: UInt64) -> Waiter? {
        state.withLock { state in
            defer { registeredCount.store(state.waiting.count, ordering: .sequentiallyConsistent) }
            return state.waiting.removeValue(forKey: id)
        }
    }
}

extension CancellableWaiters where Tag == Void {
    /// Suspends until a resume or the calling task's cancellation; see ``wait(tag:unless:)``.
    package func wait(unless isSatisfied: () -> Bool) async throws {
        try await wait(tag: (), unless: isSatisfied)
    }
}
