import Foundation

/// Writes a script file that tests then run as a program.
public enum ExecutableScript {
    /// Writes `text` to `url` with mode 0755.
    ///
    /// The file is opened close-on-exec: with `Data.write`, a child another test spawned meanwhile could
    /// inherit the write descriptor and keep it open, and executing the script then fails with "Text file
    /// busy" (ETXTBSY).
    public static func write(_ text: String, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        // The mode given to open is masked by the umask; the script must be executable whatever it is.
        guard chmod(url.path, 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
