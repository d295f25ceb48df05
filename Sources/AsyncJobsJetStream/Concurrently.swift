/// Runs `body` on every element with at most `limit` running at once, returning the results in the order
/// of `elements`; the first error cancels the rest and is thrown.
///
/// The store's batches (an enqueue of many tasks, a claim's deliveries, a batch of resolutions) touch one
/// task each, so their requests can be in flight together: throughput is then bound by the server, not by
/// one round trip after another.
func concurrently<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int = 64, _ body: @escaping @Sendable (Element) async throws -> Result
) async throws -> [Result] {
    if elements.count <= 1 { return try await elements.asyncMap(body) }
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: elements.count)
        var next = 0
        while next < min(limit, elements.count) {
            let index = next
            group.addTask { (index, try await body(elements[index])) }
            next += 1
        }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < elements.count {
                let index = next
                group.addTask { (index, try await body(elements[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}

extension Array where Element: Sendable {
    /// `map` with an async transform, one element after another.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
