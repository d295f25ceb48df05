import Foundation
import Synchronization

/// A real nats-server process on a free loopback port, for tests: started, killed, restarted on the same port
/// and store directory, put into lame-duck mode, and always stopped and cleaned up (in `deinit` at the latest).
public final class NATSServer: Sendable {
    public let configuration: NATSServerConfiguration
    public let name: String
    public let port: Int
    /// Cluster listener port, for a node of a cluster.
    public let clusterPort: Int?
    /// Holds the config file, the log and the JetStream store; removed when the server is released.
    public let directory: URL
    private let clusterRoutes: [Int]
    private let process = Mutex<Process?>(nil)

    /// `nats://127.0.0.1:<port>`, or `tls://…` when the server has TLS configured.
    public var url: String { "\(configuration.tls == nil ? "nats" : "tls")://127.0.0.1:\(port)" }
    public var configFile: URL { directory.appendingPathComponent("server.conf") }
    public var logFile: URL { directory.appendingPathComponent("server.log") }
    public var storeDirectory: URL { directory.appendingPathComponent("jetstream") }

    private init(configuration: NATSServerConfiguration, port: Int, cluster: (port: Int, routes: [Int])?, index: Int) throws {
        self.configuration = configuration
        self.port = port
        self.clusterPort = cluster?.port
        self.clusterRoutes = cluster?.routes ?? []
        self.name = "test-\(index)-\(port)"
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nats-test-\(port)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: storeDirectory, withIntermediateDirectories: true)
        let text = configuration.render(
            name: name, port: port, storeDirectory: storeDirectory.path,
            cluster: cluster.map { ($0.port, $0.routes) })
        try text.write(to: configFile, atomically: true, encoding: .utf8)
    }

    /// Starts one server and waits until it accepts clients.
    public static func start(_ configuration: NATSServerConfiguration = .init()) async throws -> NATSServer {
        try await onFreePorts {
            let server = try NATSServer(configuration: configuration, port: try LoopbackPort.free()[0], cluster: nil, index: 0)
            try await server.launch()
            return server
        }
    }

    /// Starts `size` servers routed into one cluster on loopback and waits until all accept clients.
    public static func startCluster(size: Int = 3, _ configuration: NATSServerConfiguration = .init()) async throws -> [NATSServer] {
        try await onFreePorts { try await launchCluster(size: size, configuration) }
    }

    /// Runs `start` again, on newly chosen ports, when a port found free was taken before the server bound
    /// it: tests running side by side pick ports at the same time (a full run failed a start on that).
    private static func onFreePorts<T>(_ start: () async throws -> T) async throws -> T {
        for _ in 1..<3 {
            do {
                return try await start()
            } catch NATSServerError.startFailed(let log) where log.contains("address already in use") {
                continue
            }
        }
        return try await start()
    }

    private static func launchCluster(size: Int, _ configuration: NATSServerConfiguration) async throws -> [NATSServer] {
        let ports = try LoopbackPort.free(size * 2)
        let clusterPorts = Array(ports[size...])
        let servers = try (0..<size).map { index in
            try NATSServer(
                configuration: configuration, port: ports[index],
                cluster: (clusterPorts[index], clusterPorts.enumerated().filter { $0.offset != index }.map(\.element)),
                index: index)
        }
        do {
            let logOffsets = try servers.map { try $0.spawn() }
            for (server, offset) in zip(servers, logOffsets) { try await server.waitUntilReady(logAfter: offset) }
        } catch {
            for server in servers { await server.kill() }
            throw error
        }
        return servers
    }

    /// Starts the process again (after `kill` or `stop`), on the same port with the same store.
    public func restart() async throws {
        try await launch()
    }

    private func launch() async throws {
        let logOffset = try spawn()
        do {
            try await waitUntilReady(logAfter: logOffset)
        } catch {
            await kill()
            throw error
        }
    }

    /// Starts the process; returns the log length before it, so readiness is judged on this run's lines only.
    private func spawn() throws -> Int {
        let binary = try NATSServerBinary.path(for: configuration.version)
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        let offset = Int(log.seekToEndOfFile())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-c", configFile.path]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process.withLock { $0 = process }
        return offset
    }

    /// Waits for "Server is ready" in this run's log and for the port to accept, failing fast if it exits.
    private func waitUntilReady(logAfter offset: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard isRunning else {
                throw NATSServerError.startFailed("\(name) exited: \(logText.suffix(1500))")
            }
            if logText.utf8.dropFirst(offset).count > 0,
               String(decoding: logText.utf8.dropFirst(offset), as: UTF8.self).contains("Server is ready"),
               LoopbackPort.isAccepting(port) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw NATSServerError.startFailed("\(name) not ready after \(timeout): \(logText.suffix(1500))")
    }

    public var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// The server's log so far (all runs).
    public var logText: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// SIGKILL: the process dies at once, as in a crash, and is reaped.
    public func kill() async { await signal(SIGKILL) }

    /// SIGTERM: a clean shutdown.
    public func stop() async { await signal(SIGTERM) }

    /// SIGUSR2: lame-duck mode; the server tells clients (`ldm` in INFO), then closes them over the grace period.
    public func enterLameDuckMode() {
        process.withLock { process in
            if let process, process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGUSR2) }
        }
    }

    private func signal(_ signal: Int32) async {
        guard let running = process.withLock({ $0 }) else { return }
        if running.isRunning { _ = Foundation.kill(running.processIdentifier, signal) }
        let deadline = ContinuousClock.now + .seconds(10)
        while running.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if running.isRunning { _ = Foundation.kill(running.processIdentifier, SIGKILL) }
        running.waitUntilExit()
        process.withLock { $0 = nil }
    }

    deinit {
        process.withLock { process in
            if let process, process.isRunning {
                _ = Foundation.kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh server and stops it afterwards, also when `body` throws.
public func withNATSServer<T>(
    _ configuration: NATSServerConfiguration = .init(), _ body: (NATSServer) async throws -> T
) async throws -> T {
    let server = try await NATSServer.start(configuration)
    do {
        let result = try await body(server)
        await server.kill()
        return result
    } catch {
        await server.kill()
        throw error
    }
}

/// Runs `body` with a fresh cluster of `size` routed servers and stops them all afterwards.
public func withNATSCluster<T>(
    size: Int = 3, _ configuration: NATSServerConfiguration = .init(), _ body: ([NATSServer]) async throws -> T
) async throws -> T {
    let servers = try await NATSServer.startCluster(size: size, configuration)
    do {
        let result = try await body(servers)
        for server in servers { await server.kill() }
        return result
    } catch {
        for server in servers { await server.kill() }
        throw error
    }
}
