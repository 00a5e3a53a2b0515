/*
 * tlstest.h - real TLS connections over 127.0.0.1 for cssl's cmocka
 * programs: a server thread that accepts connections and runs a function
 * on each, plain TCP clients, and the contexts of the generated test
 * certificates.  Server functions must not use cmocka's assertions (they
 * run in another thread): they return 0 for success and report through
 * tl_server_join().
 */
#ifndef CSSL_TLSTEST_H
#define CSSL_TLSTEST_H

#include <stdbool.h>

#include "cssl.h"

typedef int (*tl_server_fn)(int fd, void *arg);
typedef struct tl_server tl_server;

/* Listen on host ("127.0.0.1" or "::1") port 0, then accept `count`
 * connections one after the other in a thread, calling fn(fd, arg) for
 * each (fn owns fd).  *port receives the port. */
tl_server *tl_server_start(const char *host, tl_server_fn fn, void *arg, int count, int *port);

/* Wait for the thread; returns the first non-zero result of fn (or of the
 * thread's own set-up), 0 when all went well. */
int tl_server_join(tl_server *s);

/* A plain TCP connection to host:port (blocking). */
int tl_tcp_connect(const char *host, int port);

/* PROTOCOL_TLS_SERVER with server.pem / server.key, and PROTOCOL_TLS_CLIENT
 * trusting ca.pem; max_version 0 leaves the maximum alone. */
cssl_context *tl_server_ctx(int max_version);
cssl_context *tl_client_ctx(int max_version);

/* Wrap fd server-side with ctx and handshake; NULL on failure (printed). */
cssl_socket *tl_accept_tls(cssl_context *ctx, int fd);

/* Print the thread's last cssl error with a label (for server threads). */
int tl_fail(const char *what);

/* Seconds on the monotonic clock. */
double tl_now(void);

#endif
