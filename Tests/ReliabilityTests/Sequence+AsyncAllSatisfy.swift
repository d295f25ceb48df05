extension Sequence where Element: Sendable {
    /// Whether `predicate` holds for every element, checked one at a time.
    func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await !predicate(element) { return false }
        return true
    }
}
