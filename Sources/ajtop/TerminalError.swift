/// The terminal could not be taken over.
struct TerminalError: Error {
    var message: String
}
