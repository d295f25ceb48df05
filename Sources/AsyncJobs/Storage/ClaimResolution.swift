/// A claim and how its attempt ended: one element of a batched ``WorkerStore/resolve(_:)``.
public struct ClaimResolution: Sendable, Hashable {
    /// The lease being ended.
    public var claim: Claim
    /// How the attempt ended.
    public var resolution: Resolution
    /// The final states in which the task is deleted instead of kept.
    public var discarding: DiscardStates

    /// Pairs a claim with its resolution.
    public init(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates = .none) {
        self.claim = claim
        self.resolution = resolution
        self.discarding = discarding
    }
}

extension WorkerStore {
    /// Resolves the claims one by one, for stores with nothing better to do.
    public func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt] {
        var receipts: [ResolutionReceipt] = []
        receipts.reserveCapacity(batch.count)
        for item in batch { receipts.append(try await resolve(item.claim, item.resolution, discarding: item.discarding)) }
        return receipts
    }
}
