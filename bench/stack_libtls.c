/*
 * stack_libtls.c - the benchmark workloads through libtls (Debian's
 * libretls, over the same libssl).  libtls makes one `struct tls` per
 * client connection (tls_client + tls_configure, as its manual says) and
 * ends a connection with tls_close() (close_notify); it has no client
 * session resumption, so the resumed workloads skip it.
 */
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <tls.h>
#include <unistd.h>

#include "bench.h"

typedef struct conn {
    struct tls *tls;
    int fd;
} conn;

/* A default context: the configuration and the client it configures. */
typedef struct ctxpair {
    struct tls *tls;
    struct tls_config *cfg;
} ctxpair;

static struct tls_config *server_cfg, *client_cfg;
static struct tls *server;

static int configure(struct tls_config *cfg, int v)
{
    if (tls_config_set_protocols(cfg, v == 12 ? TLS_PROTOCOL_TLSv1_2 : TLS_PROTOCOL_TLSv1_3) != 0)
        return bench_fail("protocols: %s", tls_config_error(cfg));
    return 0;
}

static int server_init(const bench_opts *o)
{
    char cert[512], key[512];
    snprintf(cert, sizeof(cert), "%s/%s.pem", o->certdir, o->cert);
    snprintf(key, sizeof(key), "%s/%s.key", o->certdir, o->cert);
    if (tls_init() != 0 || (server_cfg = tls_config_new()) == NULL || (server = tls_server()) == NULL)
        return bench_fail("tls_init");
    if (tls_config_set_cert_file(server_cfg, cert) != 0 ||
        tls_config_set_key_file(server_cfg, key) != 0 || configure(server_cfg, o->tls_version) != 0)
        return bench_fail("server config: %s", tls_config_error(server_cfg));
    if (tls_configure(server, server_cfg) != 0)
        return bench_fail("tls_configure: %s", tls_error(server));
    return 0;
}

static int client_init(const bench_opts *o)
{
    char ca[512];
    snprintf(ca, sizeof(ca), "%s/ca.pem", o->certdir);
    if (tls_init() != 0 || (client_cfg = tls_config_new()) == NULL)
        return bench_fail("tls_init");
    if (tls_config_set_ca_file(client_cfg, ca) != 0 || configure(client_cfg, o->tls_version) != 0)
        return bench_fail("client config: %s", tls_config_error(client_cfg));
    return 0;
}

/* libtls returns TLS_WANT_POLLIN/OUT even on a blocking socket when it
 * has only processed handshake messages (such as TLS 1.3 tickets): call
 * again. */
static bool again(ssize_t rc)
{
    return rc == TLS_WANT_POLLIN || rc == TLS_WANT_POLLOUT;
}

static void do_close(bench_conn *bc)
{
    conn *c = (conn *)bc;
    (void)tls_close(c->tls);
    tls_free(c->tls);
    close(c->fd);
    free(c);
}

static bench_conn *handshake(conn *c, int rc)
{
    while (rc == 0 && (rc = tls_handshake(c->tls)) != 0 && again(rc))
        rc = 0;
    if (rc == 0)
        return (bench_conn *)c;
    bench_fail("handshake: %s", tls_error(c->tls));
    do_close((bench_conn *)c);
    return NULL;
}

static bench_conn *do_accept(int fd)
{
    conn *c = calloc(1, sizeof(*c));
    if (c == NULL || tls_accept_socket(server, &c->tls, fd) != 0) {
        bench_fail("accept: %s", tls_error(server));
        free(c);
        close(fd);
        return NULL;
    }
    c->fd = fd;
    return handshake(c, 0);
}

static bench_conn *do_connect(int fd, bool resume)
{
    conn *c = calloc(1, sizeof(*c));
    if (c == NULL || (c->tls = tls_client()) == NULL) {
        free(c);
        close(fd);
        return NULL;
    }
    c->fd = fd;
    int rc = tls_configure(c->tls, client_cfg);
    if (rc == 0)
        rc = tls_connect_socket(c->tls, fd, "localhost");
    return handshake(c, rc);
}

static long do_read(bench_conn *bc, void *buf, size_t n)
{
    ssize_t r;
    while (again(r = tls_read(((conn *)bc)->tls, buf, n))) {
    }
    return r < 0 ? -1 : (long)r;
}

static int do_write_all(bench_conn *bc, const void *buf, size_t n)
{
    conn *c = (conn *)bc;
    const char *p = buf;
    while (n > 0) {
        ssize_t w;
        while (again(w = tls_write(c->tls, p, n))) {
        }
        if (w <= 0)
            return bench_fail("write: %s", tls_error(c->tls));
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static const char *do_cipher(bench_conn *bc)
{
    const char *s = tls_conn_cipher(((conn *)bc)->tls);
    return s ? s : "none";
}

static const char *do_version(bench_conn *bc)
{
    const char *s = tls_conn_version(((conn *)bc)->tls);
    return s ? s : "none";
}

/* A client set up as libtls sets one up by default: tls_config_new() (the
 * system CA bundle) + tls_client() + tls_configure(). */
static void free_ctx(void *ctx)
{
    ctxpair *p = ctx;
    if (p == NULL)
        return;
    tls_free(p->tls);
    tls_config_free(p->cfg);
    free(p);
}

static void *default_ctx(void)
{
    ctxpair *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    p->cfg = tls_config_new();
    p->tls = p->cfg != NULL ? tls_client() : NULL;
    if (p->tls == NULL || tls_configure(p->tls, p->cfg) != 0) {
        free_ctx(p);
        return NULL;
    }
    return p;
}

static const bench_stack libtls_stack = {
    .name = "libtls",
    .server_init = server_init,
    .client_init = client_init,
    .accept = do_accept,
    .connect = do_connect,
    .read = do_read,
    .write_all = do_write_all,
    .cipher = do_cipher,
    .version = do_version,
    .close = do_close,
    .default_ctx = default_ctx,
    .free_ctx = free_ctx,
};

int main(int argc, char **argv)
{
    /* libtls initialises OpenSSL without reading its configuration file;
     * load it first, so that OPENSSL_CONF restricts the TLS 1.3 suites for
     * libtls as it does for the other stacks (libtls has no call for it). */
    if (OPENSSL_init_ssl(OPENSSL_INIT_LOAD_CONFIG, NULL) != 1 || tls_init() != 0)
        return 1;
    return bench_main(&libtls_stack, argc, argv);
}
