import AsyncJobs
import Testing

@testable import AsyncJobsJetStream

/// What the mirror pays per task for the records it holds inline: each is boxed once per task, so a field
/// added inline costs its size 100,000 times over in a dashboard watching a large deployment (issue 16
/// point 5 bounds its RSS at 80 MB).
@Suite("Mirror footprint")
struct MirrorFootprintTests {
    /// A run record inline is its item's queue name, two times, a pointer to its lease (most items wait and
    /// have none), two flags, and the attempts array: 56 bytes, where a lease held inline made it 112.
    @Test
    func runRecordKeepsItsLeaseOutOfLine() {
        #expect(MemoryLayout<RunRecord>.size <= 56)
    }

    /// A task's entry in the mirror is one box: an object header, the compact task record, the run record
    /// and their two sequences, at most 168 bytes, so that with malloc's 8 bytes it takes a 176-byte chunk
    /// (it was 200, a 208-byte chunk, while the task record kept its own copy of the id, its payload as
    /// `Data` and its try counts in 64 bits). Each 16 bytes more is 1.6 MB of a dashboard watching 100,000
    /// tasks (heap in use 45 MB there at this size).
    @Test
    func aTaskEntryFitsA176ByteChunk() {
        let header = 16
        let inline = MemoryLayout<CompactTask?>.stride + MemoryLayout<RunRecord?>.stride + 2 * MemoryLayout<UInt64>.size
        #expect(header + inline <= 168, "\(header + inline) bytes a task")
    }

    /// A lease read back through its item is the one written, and changing a copy's lease leaves the
    /// original's alone.
    @Test
    func leaseOutOfLineKeepsValueSemantics() {
        let start = Timestamp(nanoseconds: 1_764_590_400_000_000_000)
        let lease = RunRecord.LeaseRecord(worker: "w1", attempt: 2, started: start, expires: start + .seconds(30),
                                          ackSubject: "$JS.ACK.Q.WORKERS.1.2.3.4.5")
        let item = RunRecord.Item(queue: "emails", available: start, enqueued: start, published: true, lease: lease,
                                  terminateRequested: false)
        var copy = item
        copy.lease?.expires = start + .seconds(60)
        #expect(item.lease == lease)
        #expect(copy.lease?.expires == start + .seconds(60))
        #expect(copy != item)
        copy.lease = lease
        #expect(copy == item)
        #expect(copy.hashValue == item.hashValue)
        copy.lease = nil
        #expect(!copy.isLeased && item.isLeased)
    }
}
