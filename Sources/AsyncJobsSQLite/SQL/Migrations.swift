/// The store's schema, as numbered migrations recorded in `PRAGMA user_version`.
///
/// Migration `n` (1-based) takes a file from version `n - 1` to `n`. Append new migrations; never edit one
/// that has shipped, since files in the field already ran it. A file whose version is above
/// ``latestVersion`` was written by a newer program and is refused rather than misread.
enum Migrations {
    /// SQL of each migration, in order.
    static let steps: [String] = [version1, version2, version3, version4, version5, version6, version7, version8, version9]

    /// The schema version this program writes.
    static var latestVersion: Int { steps.count }

    /// Brings the file to ``latestVersion`` inside one `BEGIN IMMEDIATE` transaction, so two processes
    /// opening a new file at once cannot both migrate it. Returns the version found before migrating.
    ///
    /// An up-to-date file is recognised without taking the write lock, so opening a store never waits
    /// for (or fails on) another process's long write.
    @discardableResult
    static func migrate(_ connection: Connection, path: String) throws -> Int {
        let current = Int(try connection.scalar("PRAGMA user_version") ?? 0)
        if current == latestVersion { return current }
        return try connection.writeTransaction {
            let found = Int(try connection.scalar("PRAGMA user_version") ?? 0)
            guard found <= latestVersion else {
                throw SQLiteStoreError.newerSchema(path: path, found: found, supported: latestVersion)
            }
            // Checked again under the lock: the file may have changed since the store first looked at it.
            if found == 0, try connection.scalar("SELECT count(*) FROM sqlite_master") ?? 0 > 0 {
                throw SQLiteStoreError.notAStore(path: path)
            }
            for step in steps[found...] { try connection.executeScript(step) }
            if found < latestVersion { try connection.executeScript("PRAGMA user_version = \(latestVersion)") }
            return found
        }
    }

    /// Version 1: queues with a maintained `active` counter, tasks, work items with partial indexes for
    /// the claim, attempts, per-(queue, state) counts kept by triggers, and the event log.
    ///
    /// Times are integer nanoseconds since the epoch. Tasks carry an integer `rid` so items and attempts
    /// reference them compactly; `id` is the user-visible unique id.
    static let version1 = """
        CREATE TABLE queues (
            name TEXT PRIMARY KEY,
            max_concurrent INTEGER NOT NULL,
            max_runtime_ns INTEGER NOT NULL,
            max_tries INTEGER NOT NULL,
            max_age_ns INTEGER NOT NULL,
            max_entries INTEGER NOT NULL,
            discard_old INTEGER NOT NULL,
            paused INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;

        CREATE TABLE tasks (
            rid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            queue TEXT NOT NULL,
            payload BLOB,
            deadline_ns INTEGER,
            max_tries INTEGER NOT NULL,
            state TEXT NOT NULL,
            created_ns INTEGER NOT NULL,
            tried_ns INTEGER,
            tries INTEGER NOT NULL DEFAULT 0,
            last_err TEXT,
            result BLOB,
            completed_ns INTEGER
        );
        -- Listing pages newest first and purging by state, per queue or across queues.
        CREATE INDEX tasks_queue_state ON tasks(queue, state, created_ns, id);
        CREATE INDEX tasks_state ON tasks(state, created_ns, id);
        CREATE INDEX tasks_created ON tasks(created_ns, id);

        -- One item per task that waits (lease_owner NULL) or runs (leased).
        CREATE TABLE items (
            task INTEGER PRIMARY KEY,
            queue TEXT NOT NULL,
            enqueued_ns INTEGER NOT NULL,
            available_ns INTEGER NOT NULL,
            deliveries INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_started_ns INTEGER,
            lease_expires_ns INTEGER,
            attempt INTEGER,
            attempt_row INTEGER,
            terminate_requested INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX items_ready ON items(queue, available_ns) WHERE lease_owner IS NULL;
        CREATE INDEX items_leased ON items(queue, lease_expires_ns) WHERE lease_owner IS NOT NULL;
        CREATE INDEX items_owner ON items(lease_owner) WHERE lease_owner IS NOT NULL;

        -- Attempt numbers restart when an operator retries a task, so rows are keyed by seq, not (task, n).
        CREATE TABLE attempts (
            seq INTEGER PRIMARY KEY,
            task INTEGER NOT NULL,
            n INTEGER NOT NULL,
            worker TEXT NOT NULL,
            started_ns INTEGER NOT NULL,
            ended_ns INTEGER,
            outcome TEXT NOT NULL,
            error TEXT
        );
        CREATE INDEX attempts_task ON attempts(task);

        -- Counting a million rows per dashboard frame is too slow; triggers keep these exact.
        CREATE TABLE counts (
            queue TEXT NOT NULL,
            state TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (queue, state)
        ) WITHOUT ROWID;

        CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks BEGIN
            INSERT INTO counts(queue, state, n) VALUES (new.queue, new.state, 1)
                ON CONFLICT(queue, state) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks BEGIN
            UPDATE counts SET n = n - 1 WHERE queue = old.queue AND state = old.state;
        END;
        CREATE TRIGGER tasks_count_update AFTER UPDATE OF state ON tasks WHEN old.state IS NOT new.state BEGIN
            UPDATE counts SET n = n - 1 WHERE queue = old.queue AND state = old.state;
            INSERT INTO counts(queue, state, n) VALUES (new.queue, new.state, 1)
                ON CONFLICT(queue, state) DO UPDATE SET n = n + 1;
        END;

        -- State changes in commit order. The newest row is never pruned, so seq keeps growing.
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            at_ns INTEGER NOT NULL,
            task_id TEXT NOT NULL,
            queue TEXT NOT NULL,
            type TEXT NOT NULL,
            state TEXT NOT NULL,
            tries INTEGER NOT NULL,
            error TEXT
        );
        CREATE INDEX events_completions ON events(queue, at_ns) WHERE state = 'complete';
        """

    /// Version 2: cheaper claims and resolutions.
    ///
    /// - `tasks.attempts` counts the task's history, so a claim numbers its attempt from the row it
    ///   updates anyway instead of searching the attempts table.
    /// - The index for terminate requests holds only items an operator asked to stop, instead of every
    ///   leased item: claims and resolutions no longer maintain it.
    /// - New tasks are counted once per enqueued batch by the store instead of once per row by a trigger
    ///   (state changes and deletions are still counted by triggers).
    /// - No index on (state, created): every state change paid for it, and listings by state across
    ///   queues merge the per-queue (queue, state, created) partitions instead.
    static let version2 = """
        ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER tasks_count_insert;
        DROP INDEX tasks_state;
        UPDATE tasks SET attempts = coalesce((SELECT max(n) FROM attempts WHERE attempts.task = tasks.rid), 0);
        DROP INDEX items_owner;
        CREATE INDEX items_terminate ON items(lease_owner) WHERE terminate_requested = 1;
        """

    /// Version 3: a task's work lives in its own row, and the store keeps the counters.
    ///
    /// Profiling showed the writer's time going to rows, not to commits: a task's life touched a task row,
    /// a work-item row, an attempt row written twice, and count triggers at every state change.
    ///
    /// - The work item's columns move into `tasks`: `available_ns` is set while the task has work
    ///   (waiting or leased) and NULL once it is final, and a lease is `lease_owner` with its start and
    ///   expiry. Claiming and resolving now change one row instead of two, and the lease fence is a
    ///   lookup by task id.
    /// - A running attempt is not stored: it is the task's lease (attempt number `attempts`, worker
    ///   `lease_owner`, start `lease_started_ns`). The attempt row is written once, when the attempt ends.
    /// - The count triggers go: the store applies each operation's count and `active` changes once per
    ///   operation (a batch of a hundred resolutions moves `counts` twice, not two hundred times).
    static let version3 = """
        ALTER TABLE tasks ADD COLUMN enqueued_ns INTEGER;
        ALTER TABLE tasks ADD COLUMN available_ns INTEGER;
        ALTER TABLE tasks ADD COLUMN lease_owner TEXT;
        ALTER TABLE tasks ADD COLUMN lease_started_ns INTEGER;
        ALTER TABLE tasks ADD COLUMN lease_expires_ns INTEGER;
        ALTER TABLE tasks ADD COLUMN terminate_requested INTEGER NOT NULL DEFAULT 0;
        UPDATE tasks SET (enqueued_ns, available_ns, lease_owner, lease_started_ns, lease_expires_ns, terminate_requested) =
            (SELECT enqueued_ns, available_ns, lease_owner, lease_started_ns, lease_expires_ns, terminate_requested
             FROM items WHERE items.task = tasks.rid)
        WHERE rid IN (SELECT task FROM items);
        DELETE FROM attempts WHERE outcome = 'running';
        DROP TABLE items;
        DROP TRIGGER tasks_count_delete;
        DROP TRIGGER tasks_count_update;
        CREATE INDEX tasks_ready ON tasks(queue, available_ns) WHERE lease_owner IS NULL AND available_ns IS NOT NULL;
        CREATE INDEX tasks_leased ON tasks(queue, lease_expires_ns) WHERE lease_owner IS NOT NULL;
        CREATE INDEX tasks_terminate ON tasks(lease_owner) WHERE terminate_requested = 1;
        """

    /// Version 4: the dashboard's error rate counts failed tasks (expired, terminated) per time bucket, as
    /// it counts completions; a partial index keeps that a range scan of the few failure events instead
    /// of a scan of the whole log.
    static let version4 = """
        CREATE INDEX events_failures ON events(queue, at_ns) WHERE state IN ('expired', 'terminated');
        """

    /// Version 5: a queue's retention (how long its final tasks are kept; 0 forever). The maintenance pass
    /// finds the tasks past it with a range read of `tasks_queue_state` (queue, state, created_ns), so it
    /// needs no index of its own.
    static let version5 = """
        ALTER TABLE queues ADD COLUMN retention_ns INTEGER NOT NULL DEFAULT 0;
        """

    /// Version 6: asyncjobs' signed tasks and task dependencies.
    ///
    /// - `signature` is the task's hex Ed25519 signature, kept as written (the engine checks it).
    /// - `dependencies` is the task's JSON array of parent ids as given, `load_dependencies` its flag, and
    ///   `dependency_results` the JSON object of the parents' results copied in when the last completes.
    /// - `dependencies` (the table) holds one row per (parent id, child row): what finds a finishing task's
    ///   blocked children in the write that finishes it, and a task's dependents for the dashboard. Parents
    ///   are named by id because a child keeps naming a parent that was deleted; rows go with their child.
    static let version6 = """
        ALTER TABLE tasks ADD COLUMN signature TEXT;
        ALTER TABLE tasks ADD COLUMN dependencies BLOB;
        ALTER TABLE tasks ADD COLUMN load_dependencies INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tasks ADD COLUMN dependency_results BLOB;
        CREATE TABLE dependencies (
            parent TEXT NOT NULL,
            child INTEGER NOT NULL,
            PRIMARY KEY (parent, child)
        ) WITHOUT ROWID;
        CREATE INDEX dependencies_child ON dependencies(child);
        """

    /// Version 7: the dashboard's in-rate counts enqueued tasks (their `new` events) per time bucket, as it
    /// counts completions and failures: a partial index keeps it a range scan of those events alone.
    static let version7 = """
        CREATE INDEX events_arrivals ON events(queue, at_ns) WHERE state = 'new';
        """

    /// Version 8: asyncjobs' scheduled tasks. `schedules` holds each schedule with what its schedulers fired
    /// (last fire, its task, skipped fires); `elections` the lease rows schedulers elect a leader with: one
    /// row per election, taken over when its expiry passes, `term` counting hand-overs so that a fire is
    /// fenced on the leadership.
    static let version8 = """
        CREATE TABLE schedules (
            name TEXT PRIMARY KEY,
            schedule TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            queue TEXT NOT NULL,
            task_type TEXT NOT NULL,
            payload BLOB,
            deadline_ns INTEGER,
            max_tries INTEGER NOT NULL,
            missed_fires TEXT NOT NULL,
            created_ns INTEGER NOT NULL,
            last_fire_ns INTEGER,
            last_task TEXT,
            skipped INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE elections (
            election TEXT PRIMARY KEY,
            leader TEXT NOT NULL,
            term INTEGER NOT NULL,
            expires_ns INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// Version 9: per-minute history for the dashboard's throughput and error charts and its latency
    /// percentiles (issue 17).
    ///
    /// - `minute_stats` holds one row per UTC minute, queue and task type with activity: completed, failed
    ///   and retried counts and the wait and run histograms as `LatencyHistogram.encoded` blobs. The key
    ///   leads with the minute, so a time-range read and the pruning of old minutes are range scans.
    /// - `tasks.ready_ns` is when a waiting task became runnable where that is not `available_ns`: only
    ///   after a rescue, which keeps the task's old place in the queue while its wait counts from the
    ///   lease's expiry. NULL means `available_ns`; every write that sets `available_ns` anew clears it.
    static let version9 = """
        CREATE TABLE minute_stats (
            minute_ns INTEGER NOT NULL,
            queue TEXT NOT NULL,
            type TEXT NOT NULL,
            completed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            retried INTEGER NOT NULL DEFAULT 0,
            wait BLOB,
            run BLOB,
            PRIMARY KEY (minute_ns, queue, type)
        ) WITHOUT ROWID;
        ALTER TABLE tasks ADD COLUMN ready_ns INTEGER;
        """
}
