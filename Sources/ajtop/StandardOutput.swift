import Foundation

/// Standard output for `--batch` frames, where a closed pipe is the reader's way of saying "enough".
///
/// Foundation's `FileHandle` write raises SIGPIPE (exit 141) once the reader is gone; this ignores the
/// signal and reports the broken pipe instead, so `ajtop --batch | head -1` can end quietly with status 0.
struct StandardOutput {
    init() { signal(SIGPIPE, SIG_IGN) }

    /// Writes all of `text`; false once the reader has closed the pipe (or another write error).
    func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }
}
