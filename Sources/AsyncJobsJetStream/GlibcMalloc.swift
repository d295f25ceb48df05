#if canImport(Glibc)
import Glibc
#endif

/// The two glibc malloc controls the store uses to keep a process that mirrors many tasks small. Swift's
/// Glibc module does not import them (they are in malloc.h), so they are found by name; elsewhere they do
/// nothing.
enum GlibcMalloc {
    /// Hands the memory freed after the first scan back to the system (`malloc_trim`). The scan's
    /// transient buffers (every record's delivery, queued while the mirror applied the ones before it) are
    /// freed, but glibc keeps the pages of its per-thread arenas mapped, so a dashboard over 100,000 tasks
    /// would hold them for good.
    static func returnFreedMemory() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let trim = function("malloc_trim", as: Trim.self) else { return }
        _ = trim(0)
        #endif
    }

    /// Keeps every allocation of 128 KiB or more in a mapping of its own, returned to the system when it is
    /// freed (`mallopt(M_MMAP_THRESHOLD)`). By default glibc raises that threshold each time such a block is
    /// freed, after which the scan's large transient buffers (a socket read's batch, the arrays the index
    /// is built from) are carved out of the arenas that hold the mirror's records and leave holes among them
    /// that `malloc_trim` cannot return: 3 MB of a dashboard watching 100,000 tasks (RSS 80.2 -> 77.0 MB).
    static func keepLargeAllocationsMapped() {
        #if canImport(Glibc)
        typealias Option = @convention(c) (Int32, Int32) -> Int32
        guard let mallopt = function("mallopt", as: Option.self) else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in malloc.h
        _ = mallopt(mmapThreshold, 128 * 1024)
        #endif
    }

    #if canImport(Glibc)
    private static func function<F>(_ name: String, as type: F.Type) -> F? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: type) }
    }
    #endif
}
