/// Maps task types to handlers: an exact match first, then the longest registered prefix; `""` matches
/// every type and so is the catch-all of last resort.
public struct Router: Sendable {
    /// Errors registering handlers.
    public enum RegistrationError: Error, Equatable, CustomStringConvertible {
        /// A handler for this type (or prefix) is registered already.
        case duplicate(String)
        /// The type is neither `""` nor a valid name.
        case invalidType(String)

        public var description: String {
            switch self {
            case .duplicate(let type): "a handler for task type \"\(type)\" is already registered"
            case .invalidType(let type): "invalid task type \"\(type)\": use only letters, digits, '_', ':' and '-'"
            }
        }
    }

    private var handlers: [String: JobHandler] = [:]
    /// Registered types, longest first, for prefix lookup.
    private var byLength: [String] = []
    private var middleware: [JobMiddleware] = []

    /// Creates an empty router.
    public init() {}

    /// Registers `handler` for `type` and, by prefix, every type that starts with it.
    public mutating func register(_ type: String, handler: @escaping JobHandler) throws(RegistrationError) {
        guard type.isEmpty || NameValidation.isValid(type) else { throw .invalidType(type) }
        guard handlers[type] == nil else { throw .duplicate(type) }
        handlers[type] = handler
        byLength.append(type)
        byLength.sort { $0.utf8.count > $1.utf8.count }
    }

    /// Adds middleware; the first added is the outermost.
    public mutating func use(_ wrap: @escaping JobMiddleware) {
        middleware.append(wrap)
    }

    /// The registered type (exact or prefix) that serves `type`, if any.
    public func route(for type: String) -> String? {
        if handlers[type] != nil { return type }
        return byLength.first { type.hasPrefix($0) }
    }

    /// The handler for `type` with middleware applied, or nil when nothing matches.
    public func handler(for type: String) -> JobHandler? {
        guard let key = route(for: type), let handler = handlers[key] else { return nil }
        return middleware.reversed().reduce(handler) { wrapped, wrap in wrap(wrapped) }
    }

    /// Every registered type, sorted.
    public var registeredTypes: [String] { handlers.keys.sorted() }
}

/// The failure recorded when no handler matches a task's type; the task retries like any failure.
public struct NoHandlerError: Error, Sendable, CustomStringConvertible {
    /// The unmatched type.
    public var type: String
    public var description: String { "no handler for task type \(type)" }
}
