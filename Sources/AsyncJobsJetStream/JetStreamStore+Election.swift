import AsyncJobs
import JetStream
import NATS

/// The scheduler election in asyncjobs' `CHORIA_AJ_ELECTIONS` bucket, as its `election` package holds it:
/// key = the election (`task_scheduler`), value = the leader's name, won by a KV create (only while nobody
/// holds the key) and kept by updates expecting the last revision. A Go scheduler and this store's therefore
/// never both lead: whoever holds the entry leads until it stops renewing and the bucket's 10 s TTL removes it.
///
/// Beyond Go's value, the store's entries carry headers Go never reads: the term (growing on each hand-over,
/// for the fence of ``recordFire(schedule:slot:task:skipped:leadership:)``) and the lease's expiry on the
/// store's clock, after which another of this engine's candidates takes the entry over by an update on its
/// revision (a Go candidate waits for the server to remove it). A Go leader's entry has no headers: its term
/// is its revision and its lease lasts the bucket TTL from the entry's server time.
extension JetStreamStore {
    public func campaign(election: String, candidate: String, ttl: Duration) async throws -> Leadership {
        try await write("campaigning in \(election)") {
            for _ in 0..<5 {
                let now = clock.now()
                let current = try await electionEntry(election)
                let term: Int64
                let expecting: UInt64
                switch current {
                case nil:
                    // Nobody ever led, or the server removed a lease nobody renewed: a create, as Go's.
                    term = 0
                    expecting = 0
                case let entry? where entry.vacant:
                    term = entry.term + 1
                    expecting = entry.revision
                case let entry? where entry.leadership.expires > now && entry.leadership.leader != candidate:
                    return entry.leadership
                case let entry? where entry.leadership.expires > now:
                    term = entry.term
                    expecting = entry.revision
                case let entry?:
                    term = entry.term + 1
                    expecting = entry.revision
                }
                let expires = now + ttl
                var headers: NATSHeaders = [StoreLayout.electionExpiresHeader: String(expires.nanoseconds)]
                // A create's term is its revision, which the server only tells afterwards: it carries none.
                if term > 0 { headers[StoreLayout.electionTermHeader] = String(term) }
                do {
                    let revision = try await js.publish(electionSubject(election), payload: Array(candidate.utf8), headers: headers,
                                                        options: PublishOptions(expectedLastSubjectSequence: expecting)).sequence
                    return Leadership(election: election, leader: candidate, term: term > 0 ? term : Int64(revision), expires: expires)
                } catch let error as JetStreamError where error.isWrongLastSequence {
                    continue  // another candidate wrote first: look again
                }
            }
            throw JobError.storage("the \(election) election kept changing under this campaign (5 compare-and-set writes lost)")
        }
    }

    public func resign(election: String, candidate: String) async throws {
        try await write("resigning from \(election)") {
            let now = clock.now()
            guard let entry = try await electionEntry(election), !entry.vacant,
                  entry.leadership.isHeld(by: candidate, at: now) else { return }
            // A KV delete marker (Go's create claims the key over it at once) that still says who led and when.
            let headers: NATSHeaders = ["KV-Operation": "DEL", StoreLayout.electionTermHeader: String(entry.term),
                                        StoreLayout.electionExpiresHeader: String(now.nanoseconds),
                                        StoreLayout.electionLeaderHeader: candidate]
            do {
                _ = try await js.publish(electionSubject(election), payload: [], headers: headers,
                                         options: PublishOptions(expectedLastSubjectSequence: entry.revision))
            } catch let error as JetStreamError where error.isWrongLastSequence {
                return  // someone else's entry now: nothing of ours to give up
            }
        }
    }

    public func leadership(election: String) async throws -> Leadership? {
        do {
            return try await electionEntry(election)?.leadership
        } catch {
            throw Self.storageError(error, "reading the \(election) election")
        }
    }

    /// The election's current entry, nil when the key has none (never written, or removed by the TTL).
    func electionEntry(_ election: String) async throws -> ElectionEntry? {
        guard let message = try await js.lastMessage(stream: "KV_\(StoreLayout.electionsBucket)", subject: electionSubject(election))
        else { return nil }
        return ElectionEntry(election: election, message: message)
    }

    private func electionSubject(_ election: String) -> String { "$KV.\(StoreLayout.electionsBucket).\(election)" }
}

/// One `CHORIA_AJ_ELECTIONS` entry read with its headers: a lease (Go's or ours) or a vacancy marker.
struct ElectionEntry {
    /// The entry's revision, what a write taking or renewing the lease expects.
    var revision: UInt64
    /// Whether the entry is a delete or purge marker: nobody holds the lease.
    var vacant: Bool
    var term: Int64
    /// Who leads (for a marker: who led last, until when).
    var leadership: Leadership

    init(election: String, message: StreamMessage) {
        let headers = message.headers
        revision = message.sequence
        vacant = headers?["KV-Operation"] == "DEL" || headers?["KV-Operation"] == "PURGE"
        term = headers?[StoreLayout.electionTermHeader].flatMap(Int64.init) ?? Int64(message.sequence)
        let written = Timestamp(rfc3339: message.time) ?? .now
        // A Go leader's lease lasts the bucket TTL from its last renewal; a marker without our header, no longer.
        let expires = headers?[StoreLayout.electionExpiresHeader].flatMap(Int64.init).map(Timestamp.init(nanoseconds:))
            ?? (vacant ? written : written + StoreLayout.electionBucketTTL)
        let leader = vacant ? headers?[StoreLayout.electionLeaderHeader] ?? "" : String(decoding: message.payload, as: UTF8.self)
        leadership = Leadership(election: election, leader: leader, term: term, expires: expires)
    }
}
