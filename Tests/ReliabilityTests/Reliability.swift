import Testing

/// The reliability suite (issue 8): the real `ajc` and `aj-test-worker` binaries against real store files,
/// with processes killed, limits changed live, files corrupted, locked and filled, and garbage input.
///
/// Serialized: each scenario runs several processes and measures timing, which two cores cannot do for
/// several scenarios at once. Every scenario has a short default size; `AJ_SOAK=1` makes them long (see
/// ``SoakSettings`` and RELIABILITY.md).
@Suite(.serialized) enum Reliability {}
