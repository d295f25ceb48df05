#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H

#include <sqlite3.h>

/*
 * Swift cannot import function-like macros or C variadic functions, so the few the store needs are
 * wrapped here as plain inline functions.
 */

/* SQLITE_TRANSIENT is a cast macro: it tells SQLite to copy bound text and blobs before the call returns,
 * which Swift's temporary buffers require. */
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/* sqlite3_config is variadic. With memory statistics on (the default), SQLite takes a process-wide mutex on
 * every allocation, a measurable cost on the store's hot paths; the store never reads those statistics.
 * Only effective before SQLite initialises; afterwards it returns SQLITE_MISUSE and changes nothing. */
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
