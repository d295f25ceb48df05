/// A complete store: both roles over one body of data, the seam between the engine and a backend.
///
/// The engine takes the narrowest role it needs: a ``WorkerPool`` works against a ``WorkerStore``, the
/// dashboard and watches read an ``InspectorStore``; tools that do both (`ajc`, an import, a demo) take a
/// `JobStore`. The engine never sees SQL. Every conforming store passes `AsyncJobsTesting.StoreConformance`;
/// `docs/writing-a-store.md` is where a new store's author starts. Scheduled tasks are a further role,
/// ``ScheduleStore``, that a store adopts beside `JobStore` (the memory and SQLite stores do).
public protocol JobStore: WorkerStore, InspectorStore {}
