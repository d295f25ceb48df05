/// Runs `work` in a task of its own and waits for it for at most `wait`. What it ends with by then is the
/// caller's (its error is thrown); if it is still running, it goes on alone and its end is dropped.
///
/// For requests whose answer the caller would like but must not wait on indefinitely: the request keeps
/// being sent (``JetStreamStore/persisting(_:)``) while the caller moves on.
func waitAtMost(_ wait: Duration, for work: @escaping @Sendable () async throws -> Void) async throws {
    let (ends, end) = AsyncStream.makeStream(of: Result<Void, any Error>?.self)
    Task {
        do {
            try await work()
            end.yield(.success(()))
        } catch {
            end.yield(.failure(error))
        }
        end.finish()
    }
    let timer = Task {
        try? await Task.sleep(for: wait)
        end.yield(nil)
        end.finish()
    }
    defer { timer.cancel() }
    for await first in ends {
        try first?.get()
        return
    }
}
