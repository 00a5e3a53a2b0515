/*
 * cmd_serve.c - `cssl serve [options]`: the server of Python's ssl docs
 * ("Server-side operation"):
 *
 *     ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
 *     ctx.load_cert_chain(certfile, keyfile)
 *     bindsocket.bind((host, port)); bindsocket.listen(5)
 *     while True:
 *         newsocket, fromaddr = bindsocket.accept()
 *         connstream = ctx.wrap_socket(newsocket, server_side=True)
 *         deal_with_client(connstream)
 *
 * with one thread per connection, so that a slow client never holds up the
 * others, and the per-connection --timeout on every operation (handshake
 * included, which happens in the connection's thread).  It echoes what it
 * receives, or with --http answers requests with a small page
 * (serve_http.c).  The errors of one connection go to stderr as
 * "ErrorName: message" and do not stop the server.  SIGINT and SIGTERM end
 * it cleanly: no new connections, the open ones are shut down, exit 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cli.h"

static const char USAGE[] =
    "usage: cssl serve --cert F [--key F] [--password P] [--host H] [--port P]\n"
    "                  [--cafile F] [--capath D] [--verify-client] [--alpn P[,P...]]\n"
    "                  [--min-version V] [--max-version V] [--ciphers LIST]\n"
    "                  [--timeout S] [--once] [--http]\n"
    "\n"
    "Serve TLS with a server context from\n"
    "ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).  Prints\n"
    "'listening on HOST:PORT' once it accepts (--port 0: any free port, the\n"
    "real one is printed), then echoes what each client sends or, with --http,\n"
    "answers each HTTP request with a small page.  Clients are served at once\n"
    "(up to 1024; more wait to be accepted), each with its own --timeout\n"
    "(default 60 seconds) per operation.\n"
    "\n"
    "  --host H           address to listen on (default 127.0.0.1)\n"
    "  --port P           port (default 4433)\n"
    "  --verify-client    require a client certificate (CERT_REQUIRED), checked\n"
    "                     against --cafile / --capath (default: the system's CAs)\n"
    "  --once             serve one connection, then exit with its status\n"
    "\n"
    "Runs until SIGINT or SIGTERM.  Exit status: 0, 1 (--once: the connection\n"
    "failed; or the server could not start), 2 bad usage.\n";

/* Connections served at once (a thread each); more wait in the listen
 * queue.  Well above what a slowloris of a few hundred peers holds for
 * --timeout seconds, so normal clients are still served meanwhile. */
#define MAX_CONNS 1024
/* A connection's thread needs little stack: its buffers are on the heap
 * or small. */
#define THREAD_STACK ((size_t)256 * 1024)
#define DEFAULT_TIMEOUT 60.0
/* The close_notify exchange at the end of a connection waits this long at
 * most for the client's reply: it is a courtesy, not a requirement. */
#define CLOSE_TIMEOUT 2.0

typedef struct serve_args {
    cli_tls_opts tls;
    bool once, http;
} serve_args;

typedef struct server {
    cssl_context *ctx;
    const serve_args *args;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    /* The connections: a slot is busy from accept() until its thread ends;
     * fd is -1 once the connection no longer owns an open fd. */
    struct {
        int fd;
        bool busy;
    } slots[MAX_CONNS];
    int active;
} server;

typedef struct conn_job {
    server *srv;
    int slot;
} conn_job;

/* Set by SIGINT / SIGTERM, read by every thread: a lock-free atomic, the
 * one kind of object a signal handler may share with threads (C11 7.14.1.1). */
static atomic_int g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/* ---- one connection -------------------------------------------------- */

static cssl_err echo(cssl_socket *sock)
{
    char buf[16384];
    for (;;) {
        int n = cssl_socket_recv(sock, buf, sizeof(buf), 0);
        if (n <= 0) {
            return n;
        }
        cssl_err rc = cssl_socket_sendall(sock, buf, (size_t)n, 0);
        if (rc < 0) {
            return rc;
        }
    }
}

/* Forget slot's fd (under the lock, so that the stopping main thread never
 * shuts down an fd number that has been closed and reused). */
static void release_fd(server *srv, int slot)
{
    pthread_mutex_lock(&srv->lock);
    srv->slots[slot].fd = -1;
    pthread_mutex_unlock(&srv->lock);
}

/* Send close_notify and wait briefly for the client's: Python's unwrap().
 * A client that has already gone makes it fail, which is no error of the
 * connection. */
static void close_gracefully(server *srv, int slot, cssl_socket *sock)
{
    double t = srv->args->tls.timeout;
    if (cssl_socket_settimeout(sock, t < CLOSE_TIMEOUT ? t : CLOSE_TIMEOUT) < 0) {
        return;
    }
    int fd = cssl_socket_unwrap(sock);
    if (fd >= 0) {
        release_fd(srv, slot);
        close(fd);
    }
}

static cssl_err serve_connection(server *srv, int slot)
{
    int fd = srv->slots[slot].fd;
    cssl_socket *sock = cssl_context_wrap_socket(srv->ctx, fd, true, false, true, NULL, NULL);
    if (sock == NULL) {
        /* The arguments are valid, so the library took the fd over and
         * closed it: only a refused argument leaves it to the caller. */
        cssl_err code = cssl_last_error()->code;
        release_fd(srv, slot);
        if (!g_stop) {
            (void)cli_fail();
        }
        return code;
    }
    cssl_err rc = cssl_socket_settimeout(sock, srv->args->tls.timeout);
    if (rc == CSSL_OK) {
        rc = cssl_socket_do_handshake(sock);
    }
    if (rc == CSSL_OK) {
        rc = srv->args->http ? cli_serve_http(sock) : echo(sock);
    }
    if (rc == CSSL_OK) {
        close_gracefully(srv, slot, sock);
    }
    /* cssl_socket_free() closes the fd unless unwrap() handed it back. */
    release_fd(srv, slot);
    int status = rc < 0 && !g_stop ? cli_fail() : CLI_OK;
    cssl_socket_free(sock);
    return status == CLI_OK ? CSSL_OK : rc;
}

static void *connection_thread(void *arg)
{
    conn_job *job = arg;
    server *srv = job->srv;
    int slot = job->slot;
    free(job);
    (void)serve_connection(srv, slot);
    /* Free OpenSSL's per-thread state (its random generators) now, not in
     * the thread's exit handlers: once `active` drops, the main thread may
     * end the process before those run, and the state would be lost. */
    OPENSSL_thread_stop();
    pthread_mutex_lock(&srv->lock);
    srv->active--;
    srv->slots[slot].busy = false;
    pthread_cond_broadcast(&srv->changed);
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

/* ---- the listener ------------------------------------------------------ */

/* "HOST:PORT" of a bound socket, numeric, an IPv6 address in brackets. */
static void print_listening(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[NI_MAXHOST] = "?", port[NI_MAXSERV] = "?";
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        (void)getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), port, sizeof(port),
                          NI_NUMERICHOST | NI_NUMERICSERV);
    }
    bool v6 = ss.ss_family == AF_INET6;
    printf("listening on %s%s%s:%s\n", v6 ? "[" : "", host, v6 ? "]" : "", port);
    fflush(stdout);
}

static int bind_one(const struct addrinfo *ai)
{
    int one = 1;
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        return -1;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0 ||
        fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* socket.create_server((host, port)): the first address that binds.
 * Errors are printed as Python words them. */
static int open_listener(const char *host, int port)
{
    char service[16];
    struct addrinfo hints = {.ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM}, *res = NULL;
    snprintf(service, sizeof(service), "%d", port);
    int gai = getaddrinfo(host, service, &hints, &res);
    if (gai != 0) {
        fprintf(stderr, "gaierror: [Errno %d] %s\n", gai, gai_strerror(gai));
        return -1;
    }
    int fd = -1;
    errno = EADDRNOTAVAIL;
    for (const struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = bind_one(ai);
    }
    if (fd < 0) {
        fprintf(stderr, "OSError: [Errno %d] %s\n", errno, strerror(errno));
    }
    freeaddrinfo(res);
    return fd;
}

/* ---- the accept loop --------------------------------------------------- */

/* A free slot (waiting while MAX_CONNS connections are open), or -1 when
 * the server is stopping. */
static int wait_for_slot(server *srv)
{
    pthread_mutex_lock(&srv->lock);
    while (srv->active == MAX_CONNS && !g_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&srv->changed, &srv->lock, &ts);
    }
    int slot = -1;
    for (int k = 0; k < MAX_CONNS && !g_stop && slot < 0; k++) {
        slot = srv->slots[k].busy ? -1 : k;
    }
    pthread_mutex_unlock(&srv->lock);
    return slot;
}

/* The next connection, blocking (its fd gets no O_NONBLOCK from the
 * listener), or -1 (nothing yet, or stopping). */
static int accept_one(int listen_fd)
{
    struct pollfd p = {.fd = listen_fd, .events = POLLIN};
    if (poll(&p, 1, 250) <= 0) {
        return -1;
    }
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE) {
            fprintf(stderr, "OSError: [Errno %d] %s\n", errno, strerror(errno));
            usleep(100000);
        }
        return -1;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    /* An echo is due at once.  A TLS 1.3 server writes its session tickets
     * one send() each; with Nagle the next segment (a ticket, the first
     * echo) waits for the client's delayed ACK, 40 ms on Linux. */
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* Start a connection's thread with SIGINT and SIGTERM blocked, so that
 * they reach the accept loop and do not interrupt a connection's I/O. */
static void start_thread(server *srv, int slot)
{
    pthread_t tid;
    pthread_attr_t attr;
    sigset_t set, old;
    conn_job *job = malloc(sizeof(*job));
    if (job == NULL) {
        fprintf(stderr, "MemoryError\n");
        pthread_mutex_lock(&srv->lock);
        close(srv->slots[slot].fd);
        srv->slots[slot].fd = -1;
        srv->slots[slot].busy = false;
        pthread_mutex_unlock(&srv->lock);
        return;
    }
    *job = (conn_job){srv, slot};
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    (void)pthread_attr_setstacksize(&attr, THREAD_STACK);
    pthread_mutex_lock(&srv->lock);
    srv->active++;
    if (pthread_create(&tid, &attr, connection_thread, job) != 0) {
        srv->active--;
        close(srv->slots[slot].fd);
        srv->slots[slot].fd = -1;
        srv->slots[slot].busy = false;
        free(job);
        fprintf(stderr, "RuntimeError: can't start new thread\n");
    }
    pthread_mutex_unlock(&srv->lock);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Stopping: shut the open connections down (their threads' blocked reads
 * return) and wait for the threads to finish. */
static void drain(server *srv)
{
    pthread_mutex_lock(&srv->lock);
    for (int k = 0; k < MAX_CONNS; k++) {
        if (srv->slots[k].fd >= 0) {
            shutdown(srv->slots[k].fd, SHUT_RDWR);
        }
    }
    while (srv->active > 0) {
        pthread_cond_wait(&srv->changed, &srv->lock);
    }
    pthread_mutex_unlock(&srv->lock);
}

static int accept_loop(server *srv, int listen_fd)
{
    while (!g_stop) {
        int slot = wait_for_slot(srv);
        int fd = slot >= 0 ? accept_one(listen_fd) : -1;
        if (fd < 0) {
            continue;
        }
        pthread_mutex_lock(&srv->lock);
        srv->slots[slot].fd = fd;
        srv->slots[slot].busy = true;
        pthread_mutex_unlock(&srv->lock);
        if (srv->args->once) {
            return serve_connection(srv, slot) == CSSL_OK ? CLI_OK : CLI_CHECK_FAILED;
        }
        start_thread(srv, slot);
    }
    drain(srv);
    return CLI_OK;
}

static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A client that goes away while we write must be an error of that
     * connection, not the server's death; Python ignores SIGPIPE too. */
    signal(SIGPIPE, SIG_IGN);
}

static int run(const serve_args *a)
{
    server srv = {.args = a};
    for (int k = 0; k < MAX_CONNS; k++) {
        srv.slots[k].fd = -1;
    }
    srv.ctx = cli_tls_context(CSSL_PURPOSE_CLIENT_AUTH, &a->tls);
    if (srv.ctx == NULL) {
        return CLI_CHECK_FAILED;
    }
    /* A client may end its side of the TCP stream without close_notify
     * (`cssl connect --send` does, to say "that was all").  OpenSSL 3 would
     * answer with a decode_error alert that the client, still reading,
     * receives instead of its echo's end; with OP_IGNORE_UNEXPECTED_EOF the
     * end of the stream reads as an ordinary end, as suppress_ragged_eofs
     * makes it for the reader anyway. */
    if (cssl_context_set_options(srv.ctx, cssl_context_get_options(srv.ctx) |
                                              CSSL_OP_IGNORE_UNEXPECTED_EOF) < 0) {
        cssl_context_free(srv.ctx);
        return cli_fail();
    }
    install_handlers();
    int listen_fd = open_listener(a->tls.host, a->tls.port);
    if (listen_fd < 0) {
        cssl_context_free(srv.ctx);
        return CLI_CHECK_FAILED;
    }
    pthread_mutex_init(&srv.lock, NULL);
    pthread_cond_init(&srv.changed, NULL);
    print_listening(listen_fd);
    int status = accept_loop(&srv, listen_fd);
    close(listen_fd);
    pthread_cond_destroy(&srv.changed);
    pthread_mutex_destroy(&srv.lock);
    cssl_context_free(srv.ctx);
    return status;
}

/* Returns -1 to go on, or the exit status (help, usage error). */
static int parse(int argc, char **argv, serve_args *a)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(USAGE, stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--once") == 0 || strcmp(argv[i], "--http") == 0) {
            *(argv[i][2] == 'o' ? &a->once : &a->http) = true;
            continue;
        }
        int r = cli_tls_option("serve", argc, argv, &i, &a->tls);
        if (r < 0) {
            return CLI_USAGE;
        }
        if (r == 0 || a->tls.no_verify || a->tls.sni != NULL) {
            return cli_usage_error("serve", "unexpected argument '%s'", argv[i]);
        }
    }
    if (a->tls.timeout == 0) {
        /* Python's settimeout(0) is non-blocking mode, which a thread per
         * connection has no use for. */
        return cli_usage_error("serve", "--timeout must be more than 0 seconds");
    }
    if (a->tls.cert == NULL) {
        return cli_usage_error("serve", "--cert is required (a server needs a certificate)");
    }
    return -1;
}

int cmd_serve(int argc, char **argv)
{
    serve_args a = {.once = false};
    cli_tls_opts_init(&a.tls);
    int status = parse(argc, argv, &a);
    if (status < 0) {
        a.tls.host = a.tls.host != NULL ? a.tls.host : "127.0.0.1";
        a.tls.port = a.tls.port >= 0 ? a.tls.port : 4433;
        a.tls.timeout = a.tls.timeout >= 0 ? a.tls.timeout : DEFAULT_TIMEOUT;
        status = run(&a);
    }
    cli_tls_opts_free(&a.tls);
    return status;
}
