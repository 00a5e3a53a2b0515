/* Threads and fork: one client context shared by many threads, against a
 * real `cssl serve` process (the CLI's echo server).
 *
 * test_shared_context: CSSL_THREADS_T threads (default 8) each make
 * CSSL_THREADS_N connections (default 500) one after the other, all with
 * the same cssl_context, while another thread reads the context's
 * statistics (session_stats, cert_store_stats, get_ca_certs, get_ciphers,
 * the getters) the whole time, every half millisecond.  Every connection
 * sends a distinct random payload, checks its echo byte for byte and
 * closes with close_notify.
 * The server must print no error and exit 0 on SIGTERM (under
 * ThreadSanitizer that also means it found no race in the server).
 *
 * test_keylog_shared: one context with a key log, 4 threads; every line of
 * the log is whole.  test_session_shared: one cssl_session resumed by 4
 * threads at once.  test_default_contexts: create_default_context() in 4
 * threads at once (the shared default trust store).
 *
 * test_fork: a context that has made connections is used by a forked
 * child (CSSL_FORK_N connections, default 50; exit status 0 when all went
 * well) and, at the same time, by the parent, which goes on after the
 * child has finished.
 *
 * Connection threads must not use cmocka's assertions: they count their
 * failures and print what went wrong. */
#include "testlib.h"
#include "tlstest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_THREADS 8
#define DEFAULT_PER_THREAD 500
#define DEFAULT_FORK_N 50
#define MAX_THREADS 64
#define MIN_PAYLOAD 256
#define MAX_PAYLOAD 4096
#define IO_TIMEOUT 20.0

/* The `cssl serve` process. */
static struct {
    pid_t pid;
    int port;
    char errfile[64]; /* its stderr */
} server;

static int env_int(const char *name, int dflt, int max)
{
    const char *v = getenv(name);
    int n = v != NULL ? atoi(v) : dflt;
    return n >= 1 && n <= max ? n : dflt;
}

/* ---- one connection ------------------------------------------------------------- */

static int tcp_connect(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        perror("connect");
        close(fd);
        return -1;
    }
    return fd;
}

static int conn_fail(cssl_socket *sock, const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "client: %s: %s: %s\n", what, cssl_err_name(e->code), e->message);
    cssl_socket_free(sock);
    return -1;
}

/* Send a random payload and read it back; 0 when the echo matched. */
static int echo_payload(cssl_socket *sock)
{
    unsigned char data[MAX_PAYLOAD], buf[MAX_PAYLOAD];
    unsigned char sz[2];
    if (cssl_rand_bytes(sz, 2) < 0) {
        return -1;
    }
    size_t len = MIN_PAYLOAD + (size_t)((sz[0] << 8 | sz[1]) % (MAX_PAYLOAD - MIN_PAYLOAD));
    if (cssl_rand_bytes(data, (int)len) < 0 || cssl_socket_sendall(sock, data, len, 0) < 0) {
        return -1;
    }
    for (size_t got = 0; got < len;) {
        int n = cssl_socket_recv(sock, buf, len - got, 0);
        if (n <= 0 || memcmp(buf, data + got, (size_t)n) != 0) {
            fprintf(stderr, "client: echo differs at byte %zu (recv %d)\n", got, n);
            return -1;
        }
        got += (size_t)n;
    }
    return 0;
}

/* One whole connection with ctx: handshake (resuming session when it is
 * not NULL), echo, close_notify both ways.  *reused (when wanted) tells
 * whether the session was resumed, *got (when wanted) receives the
 * connection's session. */
static int session_connection(cssl_context *ctx, int port, cssl_session *session, int *reused,
                              cssl_session **got)
{
    int fd = tcp_connect(port);
    if (fd < 0) {
        return -1;
    }
    cssl_socket *sock = cssl_context_wrap_socket(ctx, fd, false, false, true, "localhost", session);
    if (sock == NULL) {
        return conn_fail(NULL, "wrap_socket");
    }
    if (cssl_socket_settimeout(sock, IO_TIMEOUT) < 0 || cssl_socket_do_handshake(sock) < 0) {
        return conn_fail(sock, "handshake");
    }
    if (echo_payload(sock) < 0) {
        return conn_fail(sock, "echo");
    }
    if (reused != NULL) {
        *reused = cssl_socket_session_reused(sock);
    }
    if (got != NULL && (*got = cssl_socket_get_session(sock)) == NULL) {
        return conn_fail(sock, "session");
    }
    fd = cssl_socket_unwrap(sock);
    if (fd < 0) {
        return conn_fail(sock, "unwrap");
    }
    close(fd);
    cssl_socket_free(sock);
    return 0;
}

static int one_connection(cssl_context *ctx, int port)
{
    return session_connection(ctx, port, NULL, NULL, NULL);
}

static int connections(cssl_context *ctx, int count)
{
    int failed = 0;
    for (int i = 0; i < count; i++) {
        failed += one_connection(ctx, server.port) < 0;
    }
    return failed;
}

/* ---- the server ------------------------------------------------------------------ */

/* "listening on 127.0.0.1:PORT" from the server's stdout. */
static int read_port(int fd)
{
    char line[256];
    size_t len = 0;
    while (len < sizeof(line) - 1) {
        ssize_t n = read(fd, line + len, 1);
        if (n <= 0) {
            break;
        }
        if (line[len++] == '\n') {
            break;
        }
    }
    line[len] = '\0';
    const char *colon = strrchr(line, ':');
    return strncmp(line, "listening on ", 13) == 0 && colon != NULL ? atoi(colon + 1) : -1;
}

static int start_server(void **state)
{
    (void)state;
    const char *cli = getenv("CSSL_CLI");
    if (cli == NULL || access(cli, X_OK) != 0) {
        printf("SKIP: CSSL_CLI (the cssl program) is not set\n");
        exit(77);
    }
    char cert[1024], key[1024];
    snprintf(cert, sizeof(cert), "%s", testlib_cert_path("server.pem"));
    snprintf(key, sizeof(key), "%s", testlib_cert_path("server.key"));
    snprintf(server.errfile, sizeof(server.errfile), "/tmp/cssl-threads-XXXXXX");
    int errfd = mkstemp(server.errfile);
    int out[2];
    if (errfd < 0 || pipe(out) != 0) {
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errfd, 2);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    char *argv[] = {(char *)cli, "serve", "--cert",    cert, "--key", key,
                    "--port",    "0",     "--timeout", "30", NULL};
    int rc = posix_spawn(&server.pid, cli, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    close(errfd);
    if (rc != 0) {
        return -1;
    }
    server.port = read_port(out[0]);
    close(out[0]);
    return server.port > 0 ? 0 : -1;
}

/* SIGTERM: the server finishes its connections and exits 0; anything it
 * wrote to stderr is an error (a failed connection or a sanitizer's report). */
static int stop_server(void **state)
{
    (void)state;
    int status = 0;
    kill(server.pid, SIGTERM);
    waitpid(server.pid, &status, 0);
    size_t len = 0;
    char *errors = testlib_read_file(server.errfile, &len);
    unlink(server.errfile);
    if (len > 0) {
        fprintf(stderr, "cssl serve wrote to stderr:\n%.*s\n", (int)len, errors);
    }
    free(errors);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "cssl serve ended with status %#x\n", status);
        return -1;
    }
    return len == 0 ? 0 : -1;
}

/* ---- many threads, one context ------------------------------------------------- */

typedef struct shared {
    cssl_context *ctx;
    int per_thread;
    atomic_int failed;
    atomic_bool done;
    long stats_rounds;
    int stats_errors;
} shared;

static void *client_thread(void *p)
{
    shared *s = p;
    atomic_fetch_add(&s->failed, connections(s->ctx, s->per_thread));
    return NULL;
}

static int stats_fail(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "stats: %s: %s: %s\n", what, cssl_err_name(e->code), e->message);
    return 1;
}

/* One round of reading everything a context tells about itself; prev is
 * the last round's session statistics (counters only ever grow). */
static int read_stats_once(const cssl_context *ctx, cssl_session_stats *prev)
{
    cssl_session_stats st;
    cssl_cert_store_stats cs;
    if (cssl_context_session_stats(ctx, &st) < 0) {
        return stats_fail("session_stats");
    }
    if (st.connect < prev->connect || st.connect_good < prev->connect_good ||
        st.connect_good > st.connect) {
        fprintf(stderr, "stats: session_stats went backwards\n");
        return 1;
    }
    *prev = st;
    if (cssl_context_cert_store_stats(ctx, &cs) < 0 || cs.x509_ca != 1) {
        return stats_fail("cert_store_stats");
    }
    size_t count = 0;
    cssl_cert_info **certs = cssl_context_get_ca_certs(ctx, &count);
    if (certs == NULL || count != 1) {
        return stats_fail("get_ca_certs");
    }
    cssl_cert_info_free(certs[0]);
    cssl_free(certs);
    cssl_store_list *der = cssl_context_get_ca_certs_der(ctx);
    cssl_cipher_list *ciphers = cssl_context_get_ciphers(ctx);
    int bad = der == NULL || der->count != 1 || ciphers == NULL || ciphers->count == 0;
    cssl_store_list_free(der);
    cssl_cipher_list_free(ciphers);
    bad |= cssl_context_get_verify_mode(ctx) != CSSL_CERT_REQUIRED ||
           !cssl_context_get_check_hostname(ctx) || cssl_context_get_options(ctx) == 0;
    return bad ? stats_fail("get_ca_certs_der / get_ciphers / getters") : 0;
}

static void *stats_thread(void *p)
{
    shared *s = p;
    cssl_session_stats prev = {0};
    while (!atomic_load(&s->done)) {
        s->stats_errors += read_stats_once(s->ctx, &prev);
        s->stats_rounds++;
        usleep(500); /* leave the two cores of a small machine to the connections */
    }
    return NULL;
}

static void test_shared_context(void **state)
{
    (void)state;
    int threads = env_int("CSSL_THREADS_T", DEFAULT_THREADS, MAX_THREADS);
    shared s = {.ctx = tl_client_ctx(0),
                .per_thread = env_int("CSSL_THREADS_N", DEFAULT_PER_THREAD, 1000000)};
    pthread_t clients[MAX_THREADS], stats;
    double t0 = tl_now();
    assert_int_equal(pthread_create(&stats, NULL, stats_thread, &s), 0);
    for (int i = 0; i < threads; i++) {
        assert_int_equal(pthread_create(&clients[i], NULL, client_thread, &s), 0);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(clients[i], NULL);
    }
    atomic_store(&s.done, true);
    pthread_join(stats, NULL);
    cssl_session_stats st;
    assert_int_equal(cssl_context_session_stats(s.ctx, &st), 0);
    long total = (long)threads * s.per_thread;
    fprintf(stderr,
            "threads: %d threads x %d connections = %ld in %.2f s, %d failed; "
            "connect_good %ld; %ld rounds of statistics read\n",
            threads, s.per_thread, total, tl_now() - t0, atomic_load(&s.failed), st.connect_good,
            s.stats_rounds);
    cssl_context_free(s.ctx);
    assert_int_equal(atomic_load(&s.failed), 0);
    assert_int_equal(s.stats_errors, 0);
    assert_true(s.stats_rounds > 0);
    assert_int_equal(st.connect_good, total);
}

/* ---- key log and default trust store, from many threads ------------------------ */

/* One context logging TLS secrets for 4 threads at once: every line of the
 * key log is whole (one lock for all key logs, src/context_keylog.c).  A
 * TLS 1.3 client logs 5 secrets per connection. */
static void test_keylog_shared(void **state)
{
    (void)state;
    enum { THREADS = 4, PER_THREAD = 25, LINES_PER_CONN = 5 };
    const char *dir = testlib_tmpdir_make("cssl-threads");
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof(path), "%s", testlib_tmp_path("keylog.txt"));
    shared s = {.ctx = tl_client_ctx(0), .per_thread = PER_THREAD};
    assert_int_equal(cssl_context_set_keylog_filename(s.ctx, path), 0);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, client_thread, &s), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
    }
    cssl_context_free(s.ctx); /* closes the log */
    assert_int_equal(atomic_load(&s.failed), 0);
    char *text = testlib_read_file(path, NULL);
    int lines = 0, bad = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') {
            continue;
        }
        char label[64], random[80], secret[140];
        int n = sscanf(line, "%63s %79s %139s", label, random, secret);
        bad += n != 3 || strlen(random) != 64 || strchr(label, '_') == NULL;
        lines++;
    }
    free(text);
    testlib_tmpdir_remove();
    fprintf(stderr, "keylog: %d lines from %d connections, %d malformed\n", lines,
            THREADS * PER_THREAD, bad);
    assert_int_equal(bad, 0);
    assert_int_equal(lines, THREADS * PER_THREAD * LINES_PER_CONN);
}

/* One cssl_session resumed by 4 threads at once (TLS 1.3 tickets of
 * `cssl serve` may be used again). */
typedef struct resume {
    cssl_context *ctx;
    cssl_session *session;
    atomic_int failed, resumed;
} resume;

static void *resume_thread(void *p)
{
    resume *r = p;
    for (int i = 0; i < 25; i++) {
        int reused = 0;
        if (session_connection(r->ctx, server.port, r->session, &reused, NULL) < 0) {
            atomic_fetch_add(&r->failed, 1);
        }
        atomic_fetch_add(&r->resumed, reused == 1);
    }
    return NULL;
}

static void test_session_shared(void **state)
{
    (void)state;
    resume r = {.ctx = tl_client_ctx(0)};
    assert_int_equal(session_connection(r.ctx, server.port, NULL, NULL, &r.session), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, resume_thread, &r), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
    }
    fprintf(stderr, "session: %d of 100 connections resumed one session\n",
            atomic_load(&r.resumed));
    cssl_session_free(r.session);
    cssl_context_free(r.ctx);
    assert_int_equal(atomic_load(&r.failed), 0);
    assert_int_equal(atomic_load(&r.resumed), 100);
}

/* create_default_context() in many threads at once: they share the one
 * default trust store, loaded and cached under a lock (trust_default.c). */
static void *default_ctx_thread(void *p)
{
    atomic_int *failed = p;
    for (int i = 0; i < 20; i++) {
        cssl_context *ctx =
            cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, NULL, NULL, NULL, 0);
        cssl_cert_store_stats st;
        if (ctx == NULL || cssl_context_cert_store_stats(ctx, &st) < 0) {
            atomic_fetch_add(failed, 1);
        }
        cssl_context_free(ctx);
    }
    return NULL;
}

static void test_default_contexts(void **state)
{
    (void)state;
    atomic_int failed = 0;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, default_ctx_thread, &failed), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
    }
    assert_int_equal(atomic_load(&failed), 0);
}

/* ---- fork ------------------------------------------------------------------------- */

static void test_fork(void **state)
{
    (void)state;
    int n = env_int("CSSL_FORK_N", DEFAULT_FORK_N, 1000000);
    cssl_context *ctx = tl_client_ctx(0);
    assert_int_equal(connections(ctx, 10), 0); /* the parent's context is in use */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int failed = connections(ctx, n);
        cssl_context_free(ctx);
        _exit(failed == 0 ? 0 : 1);
    }
    /* The parent goes on at the same time, and after the child is gone. */
    int failed = connections(ctx, n);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    failed += connections(ctx, 10);
    cssl_session_stats st;
    assert_int_equal(cssl_context_session_stats(ctx, &st), 0);
    fprintf(stderr, "fork: child made %d connections (status %#x); parent %d, %d failed\n", n,
            status, n + 20, failed);
    cssl_context_free(ctx);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(failed, 0);
    assert_int_equal(st.connect_good, n + 20); /* the child's count is its own */
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_context), cmocka_unit_test(test_keylog_shared),
        cmocka_unit_test(test_session_shared), cmocka_unit_test(test_default_contexts),
        cmocka_unit_test(test_fork),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
