/// Opening and creating KV buckets.
extension JetStreamContext {
    /// Creates a bucket (or returns the existing one when its stream has the same configuration).
    @discardableResult
    public func createKeyValue(_ config: KeyValueBucketConfig) async throws -> KeyValueBucket {
        try KeyValueBucket.validateBucket(config.bucket)
        guard (1...64).contains(config.history) else {
            throw JetStreamError.invalidArgument("KV history must be 1 to 64, not \(config.history)")
        }
        let info = try await createStream(config.streamConfig)
        return KeyValueBucket(context: self, name: config.bucket, allowsDirect: info.config.allowDirect ?? false)
    }

    /// Opens an existing bucket; 10059 when it does not exist.
    public func keyValue(_ bucket: String) async throws -> KeyValueBucket {
        try KeyValueBucket.validateBucket(bucket)
        let info = try await streamInfo("KV_\(bucket)")
        return KeyValueBucket(context: self, name: bucket, allowsDirect: info.config.allowDirect ?? false)
    }

    /// Deletes a bucket and every key in it.
    public func deleteKeyValue(_ bucket: String) async throws {
        try KeyValueBucket.validateBucket(bucket)
        try await deleteStream("KV_\(bucket)")
    }
}
