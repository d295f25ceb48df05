/// A failed conformance check, with where it failed and what was expected.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Source location of the failed check.
    public var location: String

    /// Creates a failure.
    public init(message: String, location: String) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// Throws a ``ConformanceFailure`` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String,
             file: String = #fileID, line: Int = #line) throws {
    guard condition else { throw ConformanceFailure(message: message(), location: "\(file):\(line)") }
}

/// Throws a ``ConformanceFailure`` unless `actual == expected`.
func requireEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: @autoclosure () -> String,
                                file: String = #fileID, line: Int = #line) throws {
    guard actual == expected else {
        throw ConformanceFailure(message: "\(what()): expected \(expected), got \(actual)", location: "\(file):\(line)")
    }
}

/// Throws a ``ConformanceFailure`` unless `body` throws exactly `expected`.
func requireThrows<T, Expected: Error & Equatable>(_ expected: Expected, _ what: @autoclosure () -> String,
                      file: String = #fileID, line: Int = #line, _ body: () async throws -> T) async throws {
    do {
        _ = try await body()
    } catch let error as ConformanceFailure {
        throw error
    } catch {
        guard let typed = error as? Expected, typed == expected else {
            throw ConformanceFailure(message: "\(what()): expected error \(expected), got \(error)", location: "\(file):\(line)")
        }
        return
    }
    throw ConformanceFailure(message: "\(what()): expected error \(expected), but it succeeded", location: "\(file):\(line)")
}
