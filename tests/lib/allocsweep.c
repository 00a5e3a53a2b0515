/*
 * allocsweep.c - the allocation hook and the sweep driver (allocsweep.h).
 *
 * Every block carries a header linking it into a list of live blocks, so a
 * leak can be reported by where it was allocated (OpenSSL passes file and
 * line).  The links are stored complemented: LeakSanitizer must not see a
 * leaked block as reachable through the list, so that in an ASan build it
 * reports the leak with its stack too.
 */
#include "allocsweep.h"

#include <dirent.h>
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>

/* Sanitizer builds run the paths several times slower: without
 * CSSL_ALLOC_FULL they sample this many times more sparsely, to stay
 * within ctest's time limit. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_SLOWDOWN 4
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_SLOWDOWN 4
#endif
#endif
#ifndef SANITIZER_SLOWDOWN
#define SANITIZER_SLOWDOWN 1
#endif

/* ---- the hook ------------------------------------------------------------ */

typedef struct blk {
    uintptr_t prev, next; /* complemented pointers (see above) */
    const char *file;
    int line;
    size_t size;
    unsigned long seq;
} blk;

#define HDR ((sizeof(blk) + alignof(max_align_t) - 1) / alignof(max_align_t) * alignof(max_align_t))
#define LINK(p) (~(uintptr_t)(p))
#define UNLINK(u) ((blk *)~(u))

static pthread_mutex_t hook_lock = PTHREAD_MUTEX_INITIALIZER;
static blk list_head = {.prev = 0, .next = 0};
static long live_blocks;
static unsigned long next_seq;

/* The sweep's thread counts and fails; other threads only allocate. */
static _Thread_local bool armed;
static unsigned long counted;   /* allocations counted in this run */
static unsigned long fail_at;   /* 0: never */
static bool fail_from;          /* fail every allocation from fail_at on */
static unsigned long injected;  /* failures returned in this run */
static unsigned long injected_seen; /* ... as of the path's last sw_*() check */

static void list_add(blk *b)
{
    blk *last = UNLINK(list_head.prev);
    b->prev = LINK(last);
    b->next = LINK(&list_head);
    last->next = LINK(b);
    list_head.prev = LINK(b);
}

static void list_del(blk *b)
{
    UNLINK(b->prev)->next = b->next;
    UNLINK(b->next)->prev = b->prev;
}

/* Debugging: CSSL_ALLOC_TRACE=<n> prints the stack of the process's n-th
 * allocation (the number a leak report gives) and of every injected
 * failure. */
static unsigned long trace_seq;

static void print_stack(const char *what, unsigned long n)
{
    void *frames[40];
    int depth = backtrace(frames, 40);
    fprintf(stderr, "--- %s %lu:\n", what, n);
    backtrace_symbols_fd(frames, depth, 2);
}

/* The stack of the run's first injected failure, to recognise the known
 * issues below. */
static void *first_frames[48];
static int first_depth;

static bool should_fail(void)
{
    if (!armed) {
        return false;
    }
    counted++;
    if (fail_at != 0 && (counted == fail_at || (fail_from && counted > fail_at))) {
        if (injected == 0) {
            first_depth = backtrace(first_frames, 48);
        }
        if (trace_seq != 0 && injected == 0) {
            print_stack("injected failure at N =", counted);
        }
        injected++;
        errno = ENOMEM; /* as malloc() sets it */
        return true;
    }
    return false;
}

static void *track(blk *b, size_t n, const char *file, int line)
{
    b->file = file;
    b->line = line;
    b->size = n;
    pthread_mutex_lock(&hook_lock);
    b->seq = ++next_seq;
    live_blocks++;
    list_add(b);
    pthread_mutex_unlock(&hook_lock);
    if (b->seq == trace_seq) {
        print_stack("allocation #", b->seq);
    }
    return (char *)b + HDR;
}

static void *hook_malloc(size_t n, const char *file, int line)
{
    if (should_fail()) {
        return NULL;
    }
    blk *b = malloc(HDR + n);
    return b != NULL ? track(b, n, file, line) : NULL;
}

static void hook_free(void *p, const char *file, int line)
{
    if (p == NULL) {
        return;
    }
    blk *b = (blk *)((char *)p - HDR);
    pthread_mutex_lock(&hook_lock);
    list_del(b);
    live_blocks--;
    pthread_mutex_unlock(&hook_lock);
    free(b);
}

static void *hook_realloc(void *p, size_t n, const char *file, int line)
{
    if (p == NULL) {
        return hook_malloc(n, file, line);
    }
    if (n == 0) {
        hook_free(p, file, line);
        return NULL;
    }
    if (should_fail()) {
        return NULL;
    }
    blk *b = (blk *)((char *)p - HDR);
    pthread_mutex_lock(&hook_lock);
    list_del(b);
    blk *nb = realloc(b, HDR + n);
    if (nb == NULL) {
        list_add(b);
    } else {
        nb->size = n;
        list_add(nb);
    }
    pthread_mutex_unlock(&hook_lock);
    return nb != NULL ? (char *)nb + HDR : NULL;
}

bool sw_install(void)
{
    list_head.prev = list_head.next = LINK(&list_head);
    const char *trace = getenv("CSSL_ALLOC_TRACE");
    trace_seq = trace != NULL ? strtoul(trace, NULL, 10) : 0;
    return CRYPTO_set_mem_functions(hook_malloc, hook_realloc, hook_free) == 1;
}

static long live_now(void)
{
    pthread_mutex_lock(&hook_lock);
    long n = live_blocks;
    pthread_mutex_unlock(&hook_lock);
    return n;
}

/* OpenSSL keeps a buffer per error-queue slot for error data and reuses
 * it (err_clear_data() in crypto/err/err.c): at most 16 per thread, not a
 * leak. */
static bool is_error_slot_buffer(const blk *b)
{
    return b->file != NULL && strstr(b->file, "crypto/err/err.c") != NULL;
}

/* Blocks allocated after sequence number `since` that OpenSSL keeps as
 * error-slot buffers. */
static long error_buffers_since(unsigned long since)
{
    long n = 0;
    pthread_mutex_lock(&hook_lock);
    for (blk *b = UNLINK(list_head.next); b != &list_head; b = UNLINK(b->next)) {
        n += b->seq > since && is_error_slot_buffer(b);
    }
    pthread_mutex_unlock(&hook_lock);
    return n;
}

/* Print up to `max` live blocks allocated after sequence number `since`. */
static void print_blocks_since(unsigned long since, int max)
{
    pthread_mutex_lock(&hook_lock);
    int shown = 0;
    for (blk *b = UNLINK(list_head.next); b != &list_head && shown < max; b = UNLINK(b->next)) {
        if (b->seq > since && !is_error_slot_buffer(b)) {
            fprintf(stderr, "    leaked: %zu bytes from %s:%d (allocation #%lu of the process)\n",
                    b->size, b->file ? b->file : "?", b->line, b->seq);
            shown++;
        }
    }
    pthread_mutex_unlock(&hook_lock);
}

static unsigned long seq_now(void)
{
    pthread_mutex_lock(&hook_lock);
    unsigned long s = next_seq;
    pthread_mutex_unlock(&hook_lock);
    return s;
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL) {
        return -1;
    }
    int n = 0;
    while (readdir(d) != NULL) {
        n++;
    }
    closedir(d);
    return n;
}

/* ---- known issues ---------------------------------------------------------- */

/* Wrong results that a failed allocation inside these functions causes and
 * that cssl cannot see (OpenSSL reports nothing): counted and printed as
 * KNOWN, not as violations.  Recognised by an exported function on the
 * stack of the run's first injected failure. */
static const struct known_issue {
    const char *function;
    const char *why;
} known_issues[] = {
    {"X509_check_purpose",
     "OpenSSL 3.0 caches a certificate's decoded extensions once; when an allocation fails "
     "there the certificate stays marked invalid (not a CA) and nothing is queued"},
    {"X509_load_cert_crl_file_ex",
     "OpenSSL's PEM reader queues nothing when an allocation fails, and the default CA "
     "bundle is skipped when it does not load (as Python skips it): that one context has "
     "fewer CAs; trust_default.c does not cache such a store, so the next one has them all"},
};

static const char *known_issue(void)
{
    if (injected == 0 || first_depth <= 0) {
        return NULL;
    }
    char **names = backtrace_symbols(first_frames, first_depth);
    const char *why = NULL;
    for (int i = 0; names != NULL && i < first_depth && why == NULL; i++) {
        for (size_t k = 0; k < sizeof(known_issues) / sizeof(known_issues[0]); k++) {
            char pattern[96];
            snprintf(pattern, sizeof(pattern), "(%s", known_issues[k].function);
            if (strstr(names[i], pattern) != NULL) {
                why = known_issues[k].why;
                break;
            }
        }
    }
    free(names);
    return why;
}

/* ---- runs ---------------------------------------------------------------- */

struct sw_run {
    const sw_path *path;
    const char *mode;   /* "count", "once", "from" */
    unsigned long n;    /* the failing allocation, 0 for none */
    bool failed;        /* an error ended the path */
    char first[600];    /* that error: "what: Name(message)" */
    char *digest;       /* the result (libc memory) */
    size_t dlen, dcap;
    int violations;
    int *printed;       /* violations printed for this path so far */
    unsigned long *residue; /* the sweep's count of queues left non-empty */
    unsigned long *known;   /* ... of known issues met */
};

enum { MAX_PRINTED = 15 };

__attribute__((format(printf, 2, 0))) static void vviolation(sw_run *r, const char *fmt, va_list ap)
{
    r->violations++;
    const char *max = getenv("CSSL_ALLOC_MAX_PRINT");
    if ((*r->printed)++ >= (max != NULL ? atoi(max) : MAX_PRINTED)) {
        return;
    }
    fprintf(stderr, "VIOLATION %s [%s N=%lu]: ", r->path->name, r->mode, r->n);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void sw_violation(sw_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vviolation(r, fmt, ap);
    va_end(ap);
}

bool sw_undisturbed(const sw_run *r)
{
    (void)r;
    return injected == 0;
}

void sw_pause(sw_run *r)
{
    (void)r;
    armed = false;
}

void sw_resume(sw_run *r)
{
    (void)r;
    armed = true;
}

void sw_digest(sw_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (r->dlen + (size_t)n + 1 > r->dcap) {
        size_t cap = (r->dlen + (size_t)n + 1) * 2;
        char *p = realloc(r->digest, cap);
        if (p == NULL) {
            abort();
        }
        r->digest = p;
        r->dcap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(r->digest + r->dlen, (size_t)n + 1, fmt, ap);
    va_end(ap);
    r->dlen += (size_t)n;
}

/* Python's MemoryError, or an SSLError (any subclass) with a message.
 * Also OSError ENOMEM: where CPython reports an errno after a failed
 * OpenSSL call (load_cert_chain(), load_verify_locations()), malloc()'s
 * ENOMEM is what it reports, and so does cssl. */
static bool allowed(const cssl_error *e)
{
    return e->code == CSSL_E_NOMEM || (e->code == CSSL_E_OS && e->sys_errno == ENOMEM) ||
           (cssl_error_isa(e->code, CSSL_E_SSL) && e->message != NULL && e->message[0] != '\0');
}

/* The queue after a cssl call: it must be empty after a success.  After
 * a failure the cssl_error says what happened; what OpenSSL queued while
 * the call cleaned up (still out of memory) is only counted. */
static void check_queue(sw_run *r, const char *what, bool succeeded)
{
    unsigned long e = ERR_peek_error();
    if (e != 0 && !succeeded) {
        (*r->residue)++;
        ERR_clear_error();
    } else if (e != 0) {
        char text[256];
        ERR_error_string_n(e, text, sizeof(text));
        sw_violation(r, "%s left OpenSSL's error queue non-empty: %s", what, text);
        ERR_clear_error();
    }
}

static void note_failure(sw_run *r, int rc, const char *what)
{
    const cssl_error *e = cssl_last_error();
    if (rc != 0 && e->code != rc) {
        sw_violation(r, "%s returned %d but the last error is %s(%s)", what, rc,
                     cssl_err_name(e->code), e->message);
    } else if (e->code == CSSL_OK) {
        sw_violation(r, "%s failed and recorded no error", what);
    } else if (r->n == 0) {
        sw_violation(r, "%s failed without an injected failure: %s(%s)", what,
                     cssl_err_name(e->code), e->message);
    } else if (!allowed(e)) {
        sw_violation(r, "%s: %s(%s) is neither MemoryError nor an SSLError with a message", what,
                     cssl_err_name(e->code), e->message);
    }
    if (!r->failed) {
        r->failed = true;
        snprintf(r->first, sizeof(r->first), "%s: %s(%s)", what, cssl_err_name(e->code),
                 e->message);
    }
}

bool sw_ok(sw_run *r, int rc, const char *what)
{
    injected_seen = injected;
    bool was = armed;
    armed = false;
    check_queue(r, what, rc >= 0);
    if (rc < 0) {
        note_failure(r, rc, what);
    }
    armed = was;
    return rc >= 0;
}

bool sw_ptr(sw_run *r, const void *p, const char *what)
{
    injected_seen = injected;
    bool was = armed;
    armed = false;
    check_queue(r, what, p != NULL);
    if (p == NULL) {
        note_failure(r, 0, what);
    }
    armed = was;
    return p != NULL;
}

int sw_rc(const void *p)
{
    if (p != NULL) {
        return 0;
    }
    cssl_err code = cssl_last_error()->code;
    return code != CSSL_OK ? (int)code : (int)CSSL_E_SSL;
}

bool sw_expect(sw_run *r, int rc, cssl_err expected, const char *what)
{
    const cssl_error *e = cssl_last_error();
    /* An allocation failure inside the call may be why it failed (another
     * message, say): the error is then the run's outcome. */
    bool disturbed = injected != injected_seen;
    if (rc < 0 && e->code == expected && !disturbed) {
        bool was = armed;
        armed = false;
        check_queue(r, what, false);
        sw_digest(r, "%s: %s(%s)\n", what, cssl_err_name(e->code), e->message);
        armed = was;
        return true;
    }
    if (rc >= 0) {
        sw_digest(r, "%s: unexpected success\n", what);
        return false;
    }
    return sw_ok(r, rc, what);
}

/* ---- crashes --------------------------------------------------------------- */

static char crash_context[256];
static struct sigaction old_actions[NSIG];

static void on_crash(int sig, siginfo_t *info, void *uc)
{
    static const char pre[] = "\nCRASH during allocation-failure sweep: ";
    (void)!write(2, pre, sizeof(pre) - 1);
    (void)!write(2, crash_context, strlen(crash_context));
    (void)!write(2, "\n", 1);
    struct sigaction *old = &old_actions[sig];
    sigaction(sig, old, NULL);
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction != NULL) {
        old->sa_sigaction(sig, info, uc);
    } else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_crashes(void)
{
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
    struct sigaction sa = {0};
    sa.sa_sigaction = on_crash;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, &old_actions[sigs[i]]);
    }
}

/* ---- the sweep --------------------------------------------------------------- */

typedef struct sweep_stats {
    unsigned long allocs;   /* allocations of the undisturbed run */
    unsigned long points[2];/* runs where a failure was injected, per mode */
    unsigned long nomem, sslerr, absorbed;
    unsigned long caches;   /* leaks that a second run at the same N did not repeat */
    unsigned long residue;  /* runs after which OpenSSL's queue was not empty */
    unsigned long known;    /* runs that met a known issue (known_issues[]) */
    int violations;
    int printed;
} sweep_stats;

typedef struct baseline {
    char *digest;
    unsigned long allocs;
} baseline;

static bool env_flag(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static bool is_known(sw_run *r, const char *what)
{
    const char *why = known_issue();
    if (why == NULL) {
        return false;
    }
    if ((*r->known)++ == 0 || env_flag("CSSL_ALLOC_VERBOSE")) {
        fprintf(stderr, "KNOWN %s [%s N=%lu]: %s: %s\n", r->path->name, r->mode, r->n, what, why);
    }
    return true;
}

/* A successful run whose result differs: show where. */
static void report_difference(sw_run *r, const char *got, const char *want)
{
    if (is_known(r, "different result")) {
        return;
    }
    size_t i = 0;
    while (got[i] != '\0' && got[i] == want[i]) {
        i++;
    }
    size_t from = i > 60 ? i - 60 : 0;
    sw_violation(r, "succeeded with a different result, from byte %zu:\n  got:      ...%.120s\n"
                 "  expected: ...%.120s", i, got + from, want + from);
}

/* The outcome of one run, against the undisturbed one. */
static void judge(sw_run *r, const baseline *base, sweep_stats *st)
{
    const char *outcome = "ok";
    if (r->failed) {
        outcome = r->first;
        if (strstr(r->first, ": MemoryError(") != NULL) {
            st->nomem++;
        } else {
            st->sslerr++;
        }
    } else if (base != NULL && strcmp(r->digest ? r->digest : "", base->digest) != 0) {
        report_difference(r, r->digest ? r->digest : "", base->digest);
    } else if (injected > 0) {
        st->absorbed++;
        outcome = "ok (failure absorbed)";
    }
    if (env_flag("CSSL_ALLOC_VERBOSE")) {
        fprintf(stderr, "  %s %s N=%lu injected=%lu: %s\n", r->path->name, r->mode, r->n,
                injected, outcome);
    }
}

/* One run of the path; fail_n 0 runs it undisturbed.  Returns the number
 * of allocations it made. */
static unsigned long run_path(const sw_path *p, const char *mode, unsigned long fail_n,
                              const baseline *base, sweep_stats *st, char **digest_out,
                              bool check_leaks);

/* Memory an injected failure left behind may be a global cache of
 * OpenSSL's that the failure made it fill later than usual (a method
 * store's property cache, say): the same run again then leaks nothing. */
static bool rerun_is_clean(const sw_path *p, const char *mode, unsigned long fail_n,
                           const baseline *base)
{
    sweep_stats scratch = {.printed = MAX_PRINTED, .known = 1}; /* silent */
    run_path(p, mode, fail_n, base, &scratch, NULL, false);
    long live_before = live_now();
    unsigned long seq_before = seq_now();
    run_path(p, mode, fail_n, base, &scratch, NULL, false);
    long leaked = live_now() - live_before - error_buffers_since(seq_before);
    return scratch.violations == 0 && leaked <= 0;
}

static void check_leaks_of(sw_run *r, long leaked, unsigned long seq_before, sweep_stats *st,
                           const baseline *base)
{
    if (leaked <= 0) {
        return;
    }
    if (r->n != 0 && rerun_is_clean(r->path, r->mode, r->n, base)) {
        st->caches++;
        if (env_flag("CSSL_ALLOC_VERBOSE")) {
            fprintf(stderr, "  note: %ld block(s) kept at N=%lu, not again on a rerun:\n",
                    leaked, r->n);
            print_blocks_since(seq_before, 8);
        }
        return;
    }
    sw_violation(r, "%ld allocation(s) still live after cleanup", leaked);
    print_blocks_since(seq_before, 8);
}

static unsigned long run_path(const sw_path *p, const char *mode, unsigned long fail_n,
                              const baseline *base, sweep_stats *st, char **digest_out,
                              bool check_leaks)
{
    sw_run r = {.path = p, .mode = mode, .n = fail_n, .printed = &st->printed,
                .residue = &st->residue, .known = &st->known};
    snprintf(crash_context, sizeof(crash_context), "path %s, mode %s, N=%lu", p->name, mode,
             fail_n);
    long live_before = live_now();
    int fds_before = open_fds();
    unsigned long seq_before = seq_now();
    counted = 0;
    injected = 0;
    injected_seen = 0;
    first_depth = 0;
    fail_at = fail_n;
    fail_from = strcmp(mode, "from") == 0;
    cssl_last_error(); /* the thread's error slot exists before the run */
    armed = true;
    p->fn(&r, p->arg);
    armed = false;
    unsigned long made = counted;
    fail_at = 0;
    /* Free functions cannot report errors; what OpenSSL queued while they
     * ran out of memory is counted, and the next cssl call clears it. */
    if (ERR_peek_error() != 0) {
        st->residue++;
        ERR_clear_error();
    }
    if (fail_n != 0 && injected == 0 && r.failed) {
        sw_violation(&r, "failed although no allocation failed: %s", r.first);
    }
    judge(&r, base, st);
    if (check_leaks) {
        long leaked = live_now() - live_before - error_buffers_since(seq_before);
        check_leaks_of(&r, leaked, seq_before, st, base);
    }
    int fds_after = open_fds();
    if (check_leaks && fds_after > fds_before) {
        sw_violation(&r, "%d file descriptor(s) leaked", fds_after - fds_before);
    }
    if (fail_n != 0 && injected > 0) {
        st->points[fail_from]++;
    }
    st->violations += r.violations;
    if (digest_out != NULL) {
        *digest_out = r.digest ? r.digest : strdup("");
    } else {
        free(r.digest);
    }
    return made;
}

static void sweep_mode(const sw_path *p, const char *mode, unsigned long start,
                       unsigned long stride, const baseline *base, sweep_stats *st)
{
    for (unsigned long n = start; n <= base->allocs; n += stride) {
        run_path(p, mode, n, base, st, NULL, true);
    }
}

static unsigned long stride_for(const sw_path *p)
{
    if (env_flag("CSSL_ALLOC_FULL")) {
        return 1;
    }
    return (p->stride > 1 ? p->stride : 1) * SANITIZER_SLOWDOWN;
}

int sw_sweep(const sw_path *p, unsigned long *points)
{
    static bool caught;
    if (!caught) {
        catch_crashes();
        caught = true;
    }
    sweep_stats st = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* First run: OpenSSL's and cssl's one-time set-up (error strings,
     * providers, caches) happens here, outside the sweep. */
    run_path(p, "warm-up", 0, NULL, &st, NULL, false);
    baseline base = {0};
    base.allocs = run_path(p, "count", 0, NULL, &st, &base.digest, true);
    unsigned long again = run_path(p, "count", 0, &base, &st, NULL, true);
    if (again != base.allocs) {
        fprintf(stderr, "note: %s makes %lu then %lu allocations (not deterministic)\n", p->name,
                base.allocs, again);
    }
    const char *only_n = getenv("CSSL_ALLOC_N");
    unsigned long stride = stride_for(p);
    if (only_n != NULL && *only_n) {
        const char *m = getenv("CSSL_ALLOC_MODE");
        run_path(p, m && strcmp(m, "from") == 0 ? "from" : "once", strtoul(only_n, NULL, 10),
                 &base, &st, NULL, true);
    } else {
        sweep_mode(p, "once", 1, stride, &base, &st);
        sweep_mode(p, "from", 1 + stride / 2, stride, &base, &st);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsigned long total = st.points[0] + st.points[1];
    printf("alloc-sweep %-26s allocs=%-5lu points=%-5lu (once %lu, from %lu%s) nomem=%lu "
           "sslerror=%lu absorbed=%lu caches=%lu residue=%lu known=%lu violations=%d %.1fs\n",
           p->name, base.allocs, total, st.points[0], st.points[1],
           stride > 1 ? ", sampled" : "", st.nomem, st.sslerr, st.absorbed, st.caches, st.residue, st.known, st.violations,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (stride > 1) {
        printf("  (every %lu-th N; tests/alloc/full_sweep.sh sweeps every one)\n", stride);
    }
    fflush(stdout);
    free(base.digest);
    if (points != NULL) {
        *points = total;
    }
    return st.violations;
}

int sw_sweep_all(const sw_path *paths, size_t count)
{
    const char *only = getenv("CSSL_ALLOC_ONLY");
    int violations = 0;
    unsigned long total = 0;
    for (size_t i = 0; i < count; i++) {
        if (only != NULL && *only && strstr(paths[i].name, only) == NULL) {
            continue;
        }
        unsigned long points = 0;
        violations += sw_sweep(&paths[i], &points);
        total += points;
    }
    printf("alloc-sweep total: %lu failure points, %d violation(s)\n", total, violations);
    return violations;
}
