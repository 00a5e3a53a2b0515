/*
 * bench.h - what a TLS stack provides to the benchmark programs.
 *
 * Every stack (cssl, raw OpenSSL, libtls) fills one bench_stack; bench_main.c
 * runs the same workloads over it, so that the four implementations differ
 * only in the calls the table makes.  bench_py.py is the same program for
 * Python's ssl module.  The protocol and the workloads are described in
 * docs/BENCHMARKS.md.
 */
#ifndef CSSL_BENCH_H
#define CSSL_BENCH_H

#include <stdbool.h>
#include <stddef.h>

/* Settings common to every stack, from the command line. */
typedef struct bench_opts {
    const char *certdir;  /* $CSSL_CERTS: ca.pem, server*.pem/key */
    const char *cert;     /* server: certificate stem ("server", "server-rsa") */
    int tls_version;      /* 12 or 13: the only version offered */
    bool no_ticket;       /* server: TLS 1.2 session IDs instead of tickets */
} bench_opts;

/* One connection; its layout is the stack's own. */
typedef struct bench_conn bench_conn;

typedef struct bench_stack {
    const char *name;
    /* Make the server (or client) context(s).  0 on success. */
    int (*server_init)(const bench_opts *o);
    int (*client_init)(const bench_opts *o);
    /* Server: wrap an accepted fd and handshake.  The conn owns fd. */
    bench_conn *(*accept)(int fd);
    /* Client: wrap a connected fd for "localhost" and handshake, offering
     * the kept session when resume is true. */
    bench_conn *(*connect)(int fd, bool resume);
    /* Read up to n bytes: the count, 0 at EOF, < 0 on error. */
    long (*read)(bench_conn *c, void *buf, size_t n);
    /* Write all n bytes: 0 on success. */
    int (*write_all)(bench_conn *c, const void *buf, size_t n);
    /* Client: 1 if the handshake resumed a session, 0 if not. */
    int (*reused)(bench_conn *c);
    /* Client: keep this connection's session for the next resume; 0 on
     * success.  NULL when the stack cannot resume. */
    int (*keep_session)(bench_conn *c);
    /* Negotiated cipher suite and version (static or conn-owned strings). */
    const char *(*cipher)(bench_conn *c);
    const char *(*version)(bench_conn *c);
    /* Close (no close_notify, as Python's close()) and free. */
    void (*close)(bench_conn *c);
    /* TLS close both ways (Python's unwrap()), then free: 0 on success.
     * The TLS 1.2 session-ID workload needs it: OpenSSL drops a server's
     * cached session when the connection ends without close_notify. */
    int (*clean_close)(bench_conn *c);
    /* create_default_context(SERVER_AUTH) equivalent, and its free. */
    void *(*default_ctx)(void);
    void (*free_ctx)(void *ctx);
    /* An optional second context benchmark (raw OpenSSL: a shared store). */
    void *(*default_ctx_alt)(void);
    const char *alt_name;
} bench_stack;

/* Print "bench_<stack>: <message>" to stderr; returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
int bench_fail(const char *fmt, ...);

/* The entry point each stack's main() calls. */
int bench_main(const bench_stack *stack, int argc, char **argv);

#endif /* CSSL_BENCH_H */
