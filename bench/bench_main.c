/*
 * bench_main.c - the workloads, identical for every stack.
 *
 *   bench_X server --mode hs|bulk|mem [--cert STEM] [--tls 12|13] [--no-ticket]
 *                  [--warmup W --count N] [--clean-close]
 *   bench_X client --port P --mode hs|resume|bulk|mem|lat [--seconds S]
 *                  [--count N] [--bytes B] [--rate R] [--warmup W] [--tls 12|13]
 *                  [--expect-cipher NAME] [--clean-close] [--corrupt]
 *   bench_X ctx --count K
 *
 * The server prints "PORT n" when it listens and runs until SIGTERM; a
 * client prints one "RESULT key=value ..." line.  Every transfer is checked
 * (the handshake byte, every bulk byte, resumption when asked for) and a
 * failed check is exit status 1.
 */
#include "bench_util.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct args {
    bench_opts o;
    const char *mode;
    int port;
    double seconds;
    long count;
    long warmup;
    uint64_t bytes;
    double rate;
    const char *expect_cipher;
    bool clean_close;
    bool corrupt; /* bulk client: flip one bit (proves the check works) */
} args;

static volatile sig_atomic_t stop_flag;

static void on_term(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* SIGTERM interrupts accept() (no SA_RESTART) so the server can report. */
static void install_term(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int read_exact(const bench_stack *s, bench_conn *c, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        long r = s->read(c, buf + got, n - got);
        if (r <= 0)
            return bench_fail("read: %s after %zu of %zu bytes", r == 0 ? "EOF" : "error", got, n);
        got += (size_t)r;
    }
    return 0;
}

static uint64_t get_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (size_t k = 0; k < 8; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

/* Send `bytes` bytes of the pattern in 16 KiB writes. */
static int send_blocks(const bench_stack *s, bench_conn *c, const unsigned char *pat, uint64_t bytes,
                       bool corrupt)
{
    static unsigned char blk[BENCH_BLOCK];
    for (uint64_t b = 0; b < bytes / BENCH_BLOCK; b++) {
        bench_block_make(blk, pat, b);
        if (corrupt && b == 1)
            blk[4321] ^= 0x10;
        if (s->write_all(c, blk, BENCH_BLOCK) != 0)
            return bench_fail("write failed at block %llu", (unsigned long long)b);
    }
    return 0;
}

/* Receive and check `bytes` bytes of the pattern. */
static int recv_blocks(const bench_stack *s, bench_conn *c, const unsigned char *pat, uint64_t bytes)
{
    static unsigned char blk[BENCH_BLOCK];
    for (uint64_t b = 0; b < bytes / BENCH_BLOCK; b++) {
        if (read_exact(s, c, blk, BENCH_BLOCK) != 0)
            return -1;
        if (!bench_block_check(blk, pat, b))
            return bench_fail("content mismatch in block %llu", (unsigned long long)b);
    }
    return 0;
}

/* End a connection: plain close, or TLS shutdown both ways first. */
static int end_conn(const bench_stack *s, bench_conn *c, bool clean)
{
    if (!clean) {
        s->close(c);
        return 0;
    }
    return s->clean_close(c) == 0 ? 0 : bench_fail("TLS shutdown failed");
}

/* ---- server ------------------------------------------------------------- */

static int serve_hs(const bench_stack *s, bench_conn *c)
{
    return s->write_all(c, "x", 1);
}

/* Bulk: a 16-byte header (size, seed), the checked upload, an 8-byte
 * verdict, the download, then wait for the client to close. */
static int serve_bulk(const bench_stack *s, bench_conn *c)
{
    static unsigned char pat[BENCH_PATTERN];
    unsigned char hdr[16], end[1];
    if (read_exact(s, c, hdr, sizeof(hdr)) != 0)
        return -1;
    uint64_t bytes = get_le64(hdr), seed = get_le64(hdr + 8);
    bench_pattern_init(pat, seed);
    int rc = recv_blocks(s, c, pat, bytes);
    if (s->write_all(c, rc == 0 ? "VERIFIED" : "MISMATCH", 8) != 0 || rc != 0)
        return -1;
    if (send_blocks(s, c, pat, bytes, false) != 0)
        return -1;
    (void)s->read(c, end, 1);
    fprintf(stderr, "%s server: verified %llu bytes\n", s->name, (unsigned long long)bytes);
    return 0;
}

static void rss_wait_term(void)
{
    while (!stop_flag)
        pause();
}

/* Memory: W warm-up connections, then N held open; report RSS per conn. */
static int serve_mem(const bench_stack *s, int lfd, const args *a)
{
    bench_conn **held = calloc((size_t)a->count, sizeof(*held));
    long base = 0, fails = 0;
    for (long i = 0; held != NULL && i < a->warmup + a->count && !stop_flag; i++) {
        if (i == a->warmup)
            base = bench_rss_kib();
        int fd = bench_accept(lfd);
        bench_conn *c = fd < 0 ? NULL : s->accept(fd);
        if (c == NULL || serve_hs(s, c) != 0) {
            fails++;
            break;
        }
        if (i < a->warmup)
            s->close(c);
        else
            held[i - a->warmup] = c;
    }
    if (held == NULL || fails)
        return bench_fail("memory server: a connection failed");
    printf("RESULT server_kib_per_conn=%.2f n=%ld\n", (double)(bench_rss_kib() - base) / (double)a->count,
           a->count);
    fflush(stdout);
    rss_wait_term();
    for (long i = 0; i < a->count; i++)
        s->close(held[i]);
    free(held);
    return 0;
}

static int run_server(const bench_stack *s, const args *a)
{
    int port, lfd;
    long n = 0, fails = 0;
    if (a->clean_close && s->clean_close == NULL) {
        bench_fail("this stack has no clean close");
        return 1;
    }
    if (s->server_init(&a->o) != 0 || (lfd = bench_listen(&port)) < 0)
        return 1;
    install_term();
    printf("PORT %d\n", port);
    fflush(stdout);
    if (strcmp(a->mode, "mem") == 0)
        return serve_mem(s, lfd, a) == 0 ? 0 : 1;
    bool bulk = strcmp(a->mode, "bulk") == 0;
    while (!stop_flag) {
        int fd = bench_accept(lfd);
        if (fd < 0)
            continue; /* EINTR from SIGTERM */
        bench_conn *c = s->accept(fd);
        if (c == NULL || (bulk ? serve_bulk(s, c) : serve_hs(s, c)) != 0)
            fails++;
        else
            n++;
        if (c != NULL && end_conn(s, c, a->clean_close) != 0)
            fails++;
    }
    fprintf(stderr, "%s server: %ld connections served, %ld failed\n", s->name, n, fails);
    return fails ? 1 : 0;
}

/* ---- client ------------------------------------------------------------- */

/* One connection: handshake, read the server's byte, check resumption. */
static bench_conn *client_hs(const bench_stack *s, int port, bool resume, bool keep)
{
    unsigned char byte = 0;
    int fd = bench_connect(port);
    bench_conn *c = fd < 0 ? NULL : s->connect(fd, resume);
    if (c == NULL) {
        bench_fail("handshake failed");
        return NULL;
    }
    if (read_exact(s, c, &byte, 1) != 0 || byte != 'x') {
        bench_fail("wrong handshake byte");
        s->close(c);
        return NULL;
    }
    if (resume && s->reused(c) != 1) {
        bench_fail("session not resumed");
        s->close(c);
        return NULL;
    }
    if (keep && s->keep_session(c) != 0) {
        s->close(c);
        return NULL;
    }
    return c;
}

/* After the server's byte: a plain close, or (clean) wait for the
 * server's close_notify and answer it. */
static int client_end(const bench_stack *s, bench_conn *c, bool clean)
{
    unsigned char byte;
    if (clean && s->read(c, &byte, 1) != 0) {
        s->close(c);
        return bench_fail("no close_notify from the server");
    }
    return end_conn(s, c, clean);
}

static void print_conn(const bench_stack *s, bench_conn *c)
{
    printf(" cipher=%s version=%s", s->cipher(c), s->version(c));
}

static int check_cipher(const bench_stack *s, bench_conn *c, const args *a)
{
    if (a->expect_cipher && strcmp(s->cipher(c), a->expect_cipher) != 0)
        return bench_fail("negotiated %s, not %s", s->cipher(c), a->expect_cipher);
    return 0;
}

/* First connection: says what was negotiated and primes the session. */
static int client_first(const bench_stack *s, const args *a)
{
    bool resume = strcmp(a->mode, "resume") == 0;
    if (resume && s->keep_session == NULL)
        return bench_fail("this stack does not resume sessions");
    bench_conn *c = client_hs(s, a->port, false, resume);
    if (c == NULL)
        return -1;
    printf("RESULT");
    print_conn(s, c);
    int rc = check_cipher(s, c, a);
    return client_end(s, c, a->clean_close) != 0 ? -1 : rc;
}

static int client_rate(const bench_stack *s, const args *a)
{
    bool resume = strcmp(a->mode, "resume") == 0;
    long n = 0;
    double t0 = bench_now(), c0 = bench_cpu(), t = t0;
    while (t - t0 < a->seconds) {
        bench_conn *c = client_hs(s, a->port, resume, resume);
        if (c == NULL || client_end(s, c, a->clean_close) != 0)
            return -1;
        n++;
        t = bench_now();
    }
    printf(" hs_per_s=%.1f n=%ld client_cpu_us=%.1f\n", (double)n / (t - t0), n,
           (bench_cpu() - c0) * 1e6 / (double)n);
    return 0;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Open-loop load: connection i starts at t0 + i/rate; its latency counts
 * from that scheduled time, so a stall delays (and counts against) the
 * ones behind it instead of vanishing. */
static int client_lat(const bench_stack *s, const args *a)
{
    long n = (long)(a->rate * a->seconds);
    double *lat = calloc((size_t)n, sizeof(*lat));
    if (lat == NULL || n < 1)
        return bench_fail("bad --rate/--seconds");
    double t0 = bench_now() + 0.01;
    for (long i = 0; i < n; i++) {
        double due = t0 + (double)i / a->rate;
        bench_sleep_until(due);
        bench_conn *c = client_hs(s, a->port, false, false);
        if (c == NULL) {
            free(lat);
            return -1;
        }
        s->close(c);
        lat[i] = bench_now() - due;
    }
    qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
    printf(" p50_ms=%.3f p99_ms=%.3f n=%ld rate=%.0f\n", lat[(n - 1) / 2] * 1e3,
           lat[(size_t)((double)(n - 1) * 0.99)] * 1e3, n, a->rate);
    free(lat);
    return 0;
}

static int client_bulk(const bench_stack *s, const args *a)
{
    static unsigned char pat[BENCH_PATTERN];
    unsigned char hdr[16], verdict[8];
    uint64_t seed = (uint64_t)getpid() * 0x9E3779B97F4A7C15ULL ^ (uint64_t)(bench_now() * 1e6);
    if (a->bytes == 0 || a->bytes % BENCH_BLOCK)
        return bench_fail("--bytes must be a multiple of %d", BENCH_BLOCK);
    bench_pattern_init(pat, seed);
    for (size_t k = 0; k < 8; k++) {
        hdr[k] = (unsigned char)(a->bytes >> (8 * k));
        hdr[8 + k] = (unsigned char)(seed >> (8 * k));
    }
    int fd = bench_connect(a->port);
    bench_conn *c = fd < 0 ? NULL : s->connect(fd, false);
    if (c == NULL)
        return bench_fail("handshake failed");
    printf("RESULT");
    print_conn(s, c);
    if (check_cipher(s, c, a) != 0) {
        s->close(c);
        return -1;
    }
    double t0 = bench_now();
    int rc = s->write_all(c, hdr, sizeof(hdr)) != 0 || send_blocks(s, c, pat, a->bytes, a->corrupt) != 0 ||
             read_exact(s, c, verdict, 8) != 0 || memcmp(verdict, "VERIFIED", 8) != 0;
    double t1 = bench_now();
    rc = rc || recv_blocks(s, c, pat, a->bytes) != 0;
    double t2 = bench_now();
    if (rc == 0)
        printf(" up_mb_s=%.1f down_mb_s=%.1f bytes=%llu\n", (double)a->bytes / 1e6 / (t1 - t0),
               (double)a->bytes / 1e6 / (t2 - t1), (unsigned long long)a->bytes);
    s->close(c);
    return rc ? bench_fail("bulk transfer failed its check") : 0;
}

/* Memory: W warm-up connections, N held; wait for stdin to close. */
static int client_mem(const bench_stack *s, const args *a)
{
    bench_conn **held = calloc((size_t)a->count, sizeof(*held));
    if (held == NULL)
        return bench_fail("out of memory");
    for (long i = 1; i < a->warmup; i++) { /* the first connection was one */
        bench_conn *c = client_hs(s, a->port, false, false);
        if (c == NULL)
            return -1;
        s->close(c);
    }
    long base = bench_rss_kib();
    for (long i = 0; i < a->count; i++)
        if ((held[i] = client_hs(s, a->port, false, false)) == NULL)
            return -1;
    printf(" client_kib_per_conn=%.2f n=%ld\n", (double)(bench_rss_kib() - base) / (double)a->count,
           a->count);
    fflush(stdout);
    char ch;
    while (read(0, &ch, 1) > 0) {
    }
    for (long i = 0; i < a->count; i++)
        s->close(held[i]);
    free(held);
    return 0;
}

static int run_client(const bench_stack *s, const args *a)
{
    signal(SIGPIPE, SIG_IGN);
    bool bulk = strcmp(a->mode, "bulk") == 0;
    if (a->clean_close && s->clean_close == NULL) {
        bench_fail("this stack has no clean close");
        return 1;
    }
    if (s->client_init(&a->o) != 0 || (!bulk && client_first(s, a) != 0))
        return 1;
    int rc;
    if (bulk)
        rc = client_bulk(s, a);
    else if (strcmp(a->mode, "mem") == 0)
        rc = client_mem(s, a);
    else if (strcmp(a->mode, "lat") == 0)
        rc = client_lat(s, a);
    else
        rc = client_rate(s, a);
    fflush(stdout);
    return rc == 0 ? 0 : 1;
}

/* ---- create_default_context --------------------------------------------- */

static int ctx_series(const char *label, void *(*make)(void), void (*destroy)(void *), long k)
{
    void **v = calloc((size_t)k, sizeof(*v));
    if (v == NULL)
        return bench_fail("out of memory");
    long m0 = bench_rss_kib();
    double t0 = bench_now();
    for (long i = 0; i < k; i++)
        if ((v[i] = make()) == NULL)
            return bench_fail("context creation failed");
    double t1 = bench_now();
    long m1 = bench_rss_kib();
    printf(" %s_ms=%.4f %s_kib=%.2f", label, (t1 - t0) * 1e3 / (double)k, label,
           (double)(m1 - m0) / (double)k);
    for (long i = 0; i < k; i++)
        destroy(v[i]);
    free(v);
    return 0;
}

/* Cold: the first context of the process (loads the CA bundle); warm: the
 * next K, all held at once so that RSS shows what each one keeps. */
static int run_ctx(const bench_stack *s, const args *a)
{
    printf("RESULT");
    int rc = ctx_series("cold", s->default_ctx, s->free_ctx, 1);
    void *keep = s->default_ctx(); /* keep the shared state alive */
    rc = rc || ctx_series("warm", s->default_ctx, s->free_ctx, a->count);
    if (s->default_ctx_alt != NULL) {
        s->free_ctx(s->default_ctx_alt()); /* sets up what it shares */
        rc = rc || ctx_series(s->alt_name, s->default_ctx_alt, s->free_ctx, a->count);
    }
    s->free_ctx(keep);
    printf("\n");
    return rc ? 1 : 0;
}

/* ---- command line -------------------------------------------------------- */

static int parse(int argc, char **argv, args *a)
{
    static const struct option longs[] = {
        {"mode", 1, 0, 'm'},    {"cert", 1, 0, 'c'},    {"tls", 1, 0, 't'},
        {"no-ticket", 0, 0, 'T'}, {"port", 1, 0, 'p'},  {"seconds", 1, 0, 's'},
        {"count", 1, 0, 'n'},   {"warmup", 1, 0, 'w'},  {"bytes", 1, 0, 'b'},
        {"rate", 1, 0, 'r'},    {"expect-cipher", 1, 0, 'e'}, {"clean-close", 0, 0, 'C'}, {"corrupt", 0, 0, 'X'},
        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (ch) {
        case 'm': a->mode = optarg; break;
        case 'c': a->o.cert = optarg; break;
        case 't': a->o.tls_version = atoi(optarg); break;
        case 'T': a->o.no_ticket = true; break;
        case 'p': a->port = atoi(optarg); break;
        case 's': a->seconds = atof(optarg); break;
        case 'n': a->count = atol(optarg); break;
        case 'w': a->warmup = atol(optarg); break;
        case 'b': a->bytes = strtoull(optarg, NULL, 10); break;
        case 'r': a->rate = atof(optarg); break;
        case 'e': a->expect_cipher = optarg; break;
        case 'C': a->clean_close = true; break;
        case 'X': a->corrupt = true; break;
        default: return -1;
        }
    }
    return (a->o.tls_version == 12 || a->o.tls_version == 13) && a->count > 0 ? 0 : -1;
}

int bench_main(const bench_stack *stack, int argc, char **argv)
{
    args a = {.o = {.cert = "server", .tls_version = 13}, .mode = "hs", .seconds = 2,
              .count = 100, .warmup = 16, .rate = 100};
    bench_stack_name = stack->name;
    a.o.certdir = getenv("CSSL_CERTS");
    const char *cmd = argc > 1 ? argv[1] : "";
    if (a.o.certdir == NULL || parse(argc - 1, argv + 1, &a) != 0) {
        fprintf(stderr, "usage: %s server|client|ctx [options] (see bench_main.c); "
                        "needs CSSL_CERTS\n", argv[0]);
        return 2;
    }
    if (strcmp(cmd, "server") == 0)
        return run_server(stack, &a);
    if (strcmp(cmd, "client") == 0)
        return run_client(stack, &a);
    if (strcmp(cmd, "ctx") == 0)
        return run_ctx(stack, &a);
    fprintf(stderr, "%s: unknown command '%s'\n", argv[0], cmd);
    return 2;
}
