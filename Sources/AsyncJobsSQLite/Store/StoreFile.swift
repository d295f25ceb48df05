#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the file system says about a store path (symbolic links followed): what kind of file it is,
/// which file it is, and how many names it has.
struct StoreFile: Sendable, Equatable {
    /// Which file a path names: stable while the file lives, whatever its name.
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// The kinds of file `stat(2)` tells apart.
    enum Kind: String, Sendable {
        case regular = "regular file"
        case directory
        case fifo = "FIFO (named pipe)"
        case characterDevice = "character device"
        case blockDevice = "block device"
        case socket
        case other = "special file"
    }

    var identity: Identity
    var kind: Kind
    /// Hard links to the file: more than one means several names for one file.
    var links: Int
    /// Bytes in the file.
    var size: Int64

    /// The file `path` names, or nil when nothing does (or it cannot be looked at; opening reports why).
    static func at(_ path: String) -> StoreFile? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let kind: Kind = switch info.st_mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socket
        default: .other
        }
        return StoreFile(identity: Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
                         kind: kind, links: Int(info.st_nlink), size: Int64(info.st_size))
    }

    /// Whether this process may write `path` (for a missing file: create it in its folder).
    static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }
}
