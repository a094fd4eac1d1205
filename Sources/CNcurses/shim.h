#ifndef QUORUM_CNCURSES_SHIM_H
#define QUORUM_CNCURSES_SHIM_H

// The wide-character API (cchar_t, setcchar, get_wch) needs this before <ncurses.h>.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <ncurses.h>
#include <term.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

// Macros Swift cannot import, as constants it can.
static const attr_t QN_A_NORMAL = A_NORMAL;
static const attr_t QN_A_BOLD = A_BOLD;
static const attr_t QN_A_DIM = A_DIM;
static const attr_t QN_A_UNDERLINE = A_UNDERLINE;
static const attr_t QN_A_REVERSE = A_REVERSE;
static const mmask_t QN_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;
static const mmask_t QN_BUTTON1_PRESSED = BUTTON1_PRESSED;
static const mmask_t QN_BUTTON1_CLICKED = BUTTON1_CLICKED;
static const mmask_t QN_BUTTON1_RELEASED = BUTTON1_RELEASED;

// Globals that Swift 6 treats as shared mutable state, read through functions.
static inline int qn_colors(void) { return COLORS; }
static inline int qn_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *qn_stdscr(void) { return stdscr; }

#endif
