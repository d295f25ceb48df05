import Testing

/// Every interop scenario: each starts a nats-server and Python processes, so they run one at a time
/// rather than all at once beside the rest of the suite (on two cores, dozens of servers starting together
/// missed the harness's 20 s readiness bound).
@Suite(.serialized) enum JetStreamInterop {}
