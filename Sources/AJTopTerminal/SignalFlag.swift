import Glibc
import Synchronization

/// The last terminating signal received (0 for none). A global atomic because a C signal handler can
/// capture nothing and may only do async-signal-safe work: it stores the number and the run loop polls.
let receivedSignal = Atomic<Int32>(0)

/// Catches SIGINT, SIGTERM and SIGHUP so the run loop can restore the terminal before exiting. Installed
/// before ncurses starts, which then keeps its hands off these signals.
enum SignalFlag {
    static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { number in receivedSignal.store(number, ordering: .relaxed) }
        }
        // A blocked mask is inherited across exec: a parent that spawns us from a thread with signals
        // blocked (as Swift and Dispatch worker threads have) would leave these signals, and ncurses'
        // SIGWINCH, pending forever. Unblock them on this thread, the one that reads keys.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&wanted, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    /// The signal that asked us to stop, if any.
    static var received: Int32 { receivedSignal.load(ordering: .relaxed) }
}
