extension InspectorStore {
    /// The queue a worker pool is about to serve: `queueNotFound` when it does not exist, except the
    /// implicit `DEFAULT` queue, which is made real now (enqueueing would create it anyway) so that a pool
    /// can wait on it before its first task arrives.
    @discardableResult
    public func queueToServe(named name: String) async throws -> Queue {
        if name == Queue.defaultName {
            do { try await createQueue(.defaultQueue) } catch JobError.queueExists {}
        }
        return try await queue(named: name)
    }
}
