#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so ask for the wide-character API explicitly.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot import function-like macros or mutable globals under Swift 6, so these accessors wrap them.

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_err(void) { return ERR; }

/// Starts ncurses on the terminal `$TERM` names like initscr(), but returns NULL when ncurses does not know
/// that terminal instead of printing "Error opening terminal" and exiting the process.
static inline WINDOW *cn_start(void) {
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) { return NULL; }
    set_term(screen);
    return stdscr;
}

/// Writes one character (a UTF-8 encoded grapheme, NUL-terminated) with attributes and a colour pair at (y, x).
static inline void cn_put(WINDOW *win, int y, int x, const char *utf8, attr_t attrs, short pair) {
    wchar_t wide[8] = {0};
    mbstate_t state = {0};
    const char *source = utf8;
    size_t count = mbsrtowcs(wide, &source, 7, &state);
    if (count == (size_t)-1 || count == 0) { wide[0] = L'?'; wide[1] = 0; }
    cchar_t cell;
    setcchar(&cell, wide, attrs, pair, NULL);
    mvwadd_wch(win, y, x, &cell);
}

/// Reads one key as a wide character or a KEY_* code; returns ERR on timeout.
static inline int cn_read(WINDOW *win, int *is_key_code) {
    wint_t value = 0;
    int result = wget_wch(win, &value);
    if (result == ERR) { *is_key_code = 0; return ERR; }
    *is_key_code = (result == KEY_CODE_YES);
    return (int)value;
}

#endif
