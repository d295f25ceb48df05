/// Handles one attempt of a task: returns the result (any JSON value) or throws.
///
/// Throw ``TerminateTaskError`` (directly or wrapped) to stop all further tries; any other error makes the
/// task retry on the client's retry policy.
public typealias JobHandler = @Sendable (JobTask, HandlerContext) async throws -> JSONValue

/// Wraps a handler with behaviour of its own (logging, metrics, panics to errors…).
public typealias JobMiddleware = @Sendable (@escaping JobHandler) -> JobHandler
