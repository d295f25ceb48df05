#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H

#include <sqlite3.h>

/*
 * Swift cannot import function-like macros or C variadic functions, so the few the store needs are
 * wrapped here as plain inline functions. (Variadic sqlite3_config is deliberately not used: it changes
 * process-wide settings other code may rely on; connections ask for SQLITE_OPEN_NOMUTEX instead.)
 */

/* SQLITE_TRANSIENT is a cast macro: it tells SQLite to copy bound text and blobs before the call returns,
 * which Swift's temporary buffers require. */
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
