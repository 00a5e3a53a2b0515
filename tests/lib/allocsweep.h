/*
 * allocsweep.h - allocation-failure sweeps for cssl's test programs.
 *
 * One hook, installed with CRYPTO_set_mem_functions() before OpenSSL's
 * first allocation, sees every allocation cssl and OpenSSL make (cssl
 * allocates through OPENSSL_malloc, src/alloc.c).  A sweep runs a path (a
 * function making cssl calls and freeing what it made) once to count its
 * allocations, then again for N = 1..count with the N-th allocation failing
 * ("once") and, separately, with every allocation from the N-th on failing
 * ("from").  Each run must end in success with the same result as the
 * undisturbed run, or in an error whose code is CSSL_E_NOMEM or an SSLError
 * with a message (or OSError ENOMEM where Python reports errno); never a
 * crash; and with exactly as many live
 * allocations and open file descriptors as before it (leaks are found by
 * the hook's own count, LeakSanitizer or not).
 *
 * Environment: CSSL_ALLOC_FULL=1 sweeps every N (otherwise every
 * path->stride-th), CSSL_ALLOC_ONLY=<substring of a path name> limits the
 * paths, CSSL_ALLOC_N=<n> runs that one point (with CSSL_ALLOC_MODE=once or
 * from) and CSSL_ALLOC_VERBOSE=1 prints every run's outcome.
 */
#ifndef CSSL_ALLOCSWEEP_H
#define CSSL_ALLOCSWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "cssl.h"

typedef struct sw_run sw_run;
typedef void (*sw_path_fn)(sw_run *r, void *arg);

typedef struct sw_path {
    const char *name;
    sw_path_fn fn;
    void *arg;
    unsigned stride; /* without CSSL_ALLOC_FULL: every stride-th N (0 or 1: all) */
} sw_path;

/* Install the hook.  Must be the first thing main() does: OpenSSL refuses
 * new allocation functions once it has allocated.  False if it refused. */
bool sw_install(void);

/* Sweep one path; prints a summary line and every violation.  Returns the
 * number of violations (0 is a pass).  *points receives the number of
 * failure points the sweep injected (may be NULL). */
int sw_sweep(const sw_path *path, unsigned long *points);

/* Sweep a table of paths (count entries); prints the total of failure
 * points.  Returns the number of violations. */
int sw_sweep_all(const sw_path *paths, size_t count);

/* ---- inside a path --------------------------------------------------------- */

/* The result of a cssl call.  rc >= 0 is success (true).  A failure is
 * checked (the error recorded matches rc, its class is allowed) and the
 * first one becomes the run's outcome; the path then cleans up and
 * returns.  Either way the OpenSSL error queue must be empty. */
bool sw_ok(sw_run *r, int rc, const char *what);

/* The same for a call returning a pointer (NULL is failure). */
bool sw_ptr(sw_run *r, const void *p, const char *what);

/* A call whose undisturbed result is the error `expected` (a negative
 * test inside a path): that error is part of the result, compared with
 * the undisturbed run's, and is not a failure.  Anything else is as for
 * sw_ok().  Returns true when the call went as expected. */
bool sw_expect(sw_run *r, int rc, cssl_err expected, const char *what);

/* A pointer result as an int result for sw_ok() / sw_expect(): 0 when p
 * is not NULL, else the recorded error's code (CSSL_E_SSL if none). */
int sw_rc(const void *p);

/* Add to the run's result, which a successful run must reproduce exactly. */
void sw_digest(sw_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Something a path found wrong by itself (a stalled handshake, wrong
 * bytes): always a violation. */
void sw_violation(sw_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether no allocation has failed so far in this run (for checks that
 * hold only then: a session is resumed, say; TLS falls back to a full
 * handshake when it cannot resume). */
bool sw_undisturbed(const sw_run *r);

/* Stop / resume counting and failing allocations of this thread (for work
 * that is the test's, not the path's: rendering a result to digest it). */
void sw_pause(sw_run *r);
void sw_resume(sw_run *r);

#endif
