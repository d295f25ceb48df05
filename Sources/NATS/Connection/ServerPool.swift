/// The servers a client may dial: the configured ones first, then those the cluster announces, taken in turn.
struct ServerPool: Sendable {
    private(set) var addresses: [NATSServerAddress]
    private var cursor = 0

    init(urls: [String]) throws(NATSError) {
        guard !urls.isEmpty else { throw .invalidArgument("no servers configured") }
        var addresses: [NATSServerAddress] = []
        for url in urls.flatMap({ $0.split(separator: ",") }) {
            let address = try NATSServerAddress(parsing: String(url))
            if !addresses.contains(where: { Self.sameEndpoint($0, address) }) { addresses.append(address) }
        }
        self.addresses = addresses
    }

    /// The next server to try, round robin, so a dead server is not retried before the others were tried.
    mutating func next() -> NATSServerAddress {
        defer { cursor = (cursor + 1) % addresses.count }
        return addresses[cursor % addresses.count]
    }

    /// Makes the servers after `address` the next ones tried, so losing it moves the client on to the others.
    mutating func advancePast(_ address: NATSServerAddress) {
        if let index = addresses.firstIndex(where: { Self.sameEndpoint($0, address) }) {
            cursor = (index + 1) % addresses.count
        }
    }

    /// Adds the cluster's `connect_urls` (`host:port`), inheriting TLS and URL credentials from `template`.
    /// Returns whether anything was new.
    @discardableResult
    mutating func add(discovered urls: [String], like template: NATSServerAddress) -> Bool {
        var added = false
        for url in urls {
            guard var address = try? NATSServerAddress(parsing: url) else { continue }
            address.requiresTLS = template.requiresTLS
            address.user = template.user
            address.password = template.password
            if !addresses.contains(where: { Self.sameEndpoint($0, address) }) {
                addresses.append(address)
                added = true
            }
        }
        return added
    }

    var count: Int { addresses.count }

    private static func sameEndpoint(_ lhs: NATSServerAddress, _ rhs: NATSServerAddress) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port
    }
}
