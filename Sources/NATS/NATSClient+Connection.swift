import NIOCore

/// Connection life: the first connect, taking a handshaken connection into use, and reconnecting after a loss.
extension NATSClient: ConnectionDelegate {
    /// Tries every server up to `initialConnectRounds` times, with the reconnect backoff between failures, so a
    /// server still starting or a busy machine does not fail the first connect; auth and TLS errors fail at once.
    func connectFirstTime() async throws {
        var lastError = "no server tried"
        let attempts = state.withLock { $0.pool.count } * Self.initialConnectRounds
        for attempt in 0..<attempts {
            let delay = options.reconnect.delay(beforeAttempt: attempt, unitRandom: Double.random(in: 0..<1))
            if delay > .zero { try await Task.sleep(for: delay) }
            let (address, generation) = state.withLock { ($0.pool.next(), $0.nextGeneration()) }
            do {
                try await activate(try await connector.connect(to: address, generation: generation))
                return
            } catch let error as NATSError {
                if case .auth = error { throw error }
                if case .tls = error { throw error }
                lastError = error == .disconnected ? "\(address) closed the connection during the handshake" : error.description
            }
        }
        throw NATSError.noServersAvailable(lastError)
    }

    static let initialConnectRounds = 3

    /// Installs a handshaken connection: re-sends the subscriptions, then the publishes buffered meanwhile,
    /// in that order, so a request buffered while disconnected finds its reply subscription in place.
    func activate(_ connection: EstablishedConnection) async throws {
        try await eventLoop.submit {
            guard connection.channel.isActive else { throw NATSError.disconnected }
            let handler = connection.handler.value
            let info = handler.latestInfo ?? connection.info
            let bytes = try self.state.withLock { state throws(NATSError) -> ByteBuffer in
                guard !state.isClosed else { throw .connectionClosed }
                state.info = info
                state.pool.add(discovered: info.connectURLs, like: connection.address)
                state.pool.advancePast(connection.address)
                state.phase = .connected(
                    LiveConnection(
                        channel: connection.channel, handler: connection.handler, generation: connection.generation,
                        address: connection.address))
                for token in Array(state.mux?.waiters.keys ?? [:].keys) where state.mux?.waiters[token]?.generation == nil {
                    state.mux?.waiters[token]?.generation = connection.generation
                }
                var bytes = connection.channel.allocator.buffer(capacity: state.pending.readableBytes + 1024)
                for op in state.resubscribeOps() { op.write(into: &bytes) }
                bytes.writeBuffer(&state.pending)
                state.pending.clear()
                state.flushScheduled = false
                return bytes
            }
            handler.delegate = self
            connection.channel.writeAndFlush(bytes, promise: nil)
            handler.startKeepAlive(interval: self.options.pingInterval, maxOutstanding: self.options.maxPingsOutstanding)
        }.get()
    }

    func connection(_ generation: UInt64, received batch: consuming [(sid: UInt64, message: NATSMessage)]) {
        var routed = RoutedBatch()
        let limit = options.subscriptionPendingLimit
        state.withLock { state in
            for index in batch.indices {
                let sid = batch[index].sid
                // Moved out of the batch, not copied: a copy retained and released five buffers a message.
                var message = NATSMessage(subject: "", payload: [])
                swap(&message, &batch[index].message)
                if let mux = state.mux, mux.sid == sid {
                    guard let dot = message.subject.lastIndex(of: ".") else { continue }
                    let token = String(message.subject[message.subject.index(after: dot)...])
                    if let waiter = state.mux?.waiters.removeValue(forKey: token) { routed.reply(waiter, message) }
                    continue
                }
                guard let slot = state.subscriptions.index(forKey: sid) else { continue }
                routed.deliver(message, to: sid, entry: &state.subscriptions.values[slot], limit: limit)
                if let max = state.subscriptions.values[slot].max, state.subscriptions.values[slot].delivered >= max {
                    state.subscriptions.remove(at: slot)
                    routed.finish(sid)
                }
            }
        }
        // Outside the lock, in the order the server sent them: the event loop is the only producer.
        for handout in routed.handouts {
            switch handout {
            case .reply(let waiter, let message):
                waiter.timeout.cancel()
                if message.status == 503 {
                    waiter.continuation.resume(throwing: NATSError.noResponders)
                } else {
                    waiter.continuation.resume(returning: message)
                }
            case .delivery(let index):
                let messages = routed.takeMessages(of: index)
                let delivery = routed.deliveries[index]  // after the take: no second reference to the messages
                if !messages.isEmpty {
                    delivery.backlog.added(messages.count)
                    delivery.continuation.yield(consume messages)
                }
                if delivery.finished { delivery.continuation.finish() }
            }
        }
        for (sid, subject) in routed.slow { eventContinuation.yield(.slowConsumer(sid: sid, subject: subject)) }
    }

    func connection(_ generation: UInt64, updated info: NATSServerInfo) {
        let lameDuck = state.withLock { state -> (LiveConnection, moveOn: Bool)? in
            guard let live = state.live, live.generation == generation else { return nil }
            state.info = info
            state.pool.add(discovered: info.connectURLs, like: live.address)
            return info.lameDuckMode ? (live, state.pool.count > 1) : nil
        }
        guard let (live, moveOn) = lameDuck else { return }
        eventContinuation.yield(.lameDuckMode(server: live.address.description))
        if moveOn { live.handler.value.close(reason: "server entered lame-duck mode") }
    }

    func connection(_ generation: UInt64, serverError text: String) {
        eventContinuation.yield(.serverError(text))
    }

    func connectionClosed(_ generation: UInt64, reason: String) {
        let lost = state.withLock { state -> (LiveConnection, [RequestWaiter])? in
            guard let live = state.live, live.generation == generation else { return nil }
            state.phase = .reconnecting
            state.flushScheduled = false
            var failed: [RequestWaiter] = []
            for (token, waiter) in state.mux?.waiters ?? [:] where waiter.generation == generation {
                failed.append(waiter)
                state.mux?.waiters[token] = nil
            }
            return (live, failed)
        }
        guard let (live, failed) = lost else { return }
        for waiter in failed {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: NATSError.disconnected)
        }
        eventContinuation.yield(.disconnected(server: live.address.description, reason: reason))
        guard options.reconnect.enabled else {
            Task { await self.shutDown(reason: .connectionClosed) }
            return
        }
        let task = Task { await self.reconnect() }
        let stillOpen = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            state.reconnectTask = task
            return true
        }
        if !stillOpen { task.cancel() }
    }

    /// Redials the pool until a server takes the connection, the policy's attempts run out, or the client closes.
    private func reconnect() async {
        var failures = 0
        var lastError = ""
        while !Task.isCancelled {
            let delay = options.reconnect.delay(beforeAttempt: failures, unitRandom: Double.random(in: 0..<1))
            if delay > .zero {
                do { try await Task.sleep(for: delay) } catch { return }
            }
            guard let (address, generation) = state.withLock({ $0.isClosed ? nil : ($0.pool.next(), $0.nextGeneration()) }) else {
                return
            }
            do {
                try await activate(try await connector.connect(to: address, generation: generation))
                eventContinuation.yield(.reconnected(server: address.description))
                return
            } catch {
                failures += 1
                lastError = "\(error)"
                if let maxAttempts = options.reconnect.maxAttempts, failures >= maxAttempts {
                    await shutDown(reason: .noServersAvailable(lastError))
                    return
                }
            }
        }
    }
}
