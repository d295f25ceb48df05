/// Waits until `condition` holds, checking after every yield and briefly pausing between checks; throws
/// when `timeout` of real time passes first. For tests whose subject runs on other tasks.
public func eventually(timeout: Duration = .seconds(10), _ what: @autoclosure () -> String = "condition",
                       file: String = #fileID, line: Int = #line,
                       _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return }
        await Task.yield()
        try await Task.sleep(for: .milliseconds(1))
    }
    throw ConformanceFailure(message: "timed out after \(timeout) waiting for \(what())", location: "\(file):\(line)")
}
