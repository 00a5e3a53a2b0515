/*
 * stack_cssl.c - the benchmark workloads through cssl's public API only,
 * written the way a Python program would write them with ssl:
 * create_default_context(), load_cert_chain(), wrap_socket(), sendall(),
 * read(), session / session_reused.
 */
#include <cssl.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

static cssl_context *server_ctx, *client_ctx;
static cssl_session *kept; /* client: the session of the last connection */

static int fail_cssl(const char *what)
{
    const cssl_error *e = cssl_last_error();
    return bench_fail("%s: %s: %s", what, cssl_err_name(e->code), e->message);
}

static int pin_version(cssl_context *ctx, int v)
{
    int tv = v == 12 ? CSSL_TLSVERSION_TLSv1_2 : CSSL_TLSVERSION_TLSv1_3;
    if (cssl_context_set_minimum_version(ctx, tv) != 0 ||
        cssl_context_set_maximum_version(ctx, tv) != 0)
        return fail_cssl("set version");
    return 0;
}

static int server_init(const bench_opts *o)
{
    char cert[512], key[512];
    snprintf(cert, sizeof(cert), "%s/%s.pem", o->certdir, o->cert);
    snprintf(key, sizeof(key), "%s/%s.key", o->certdir, o->cert);
    server_ctx = cssl_create_default_context(CSSL_PURPOSE_CLIENT_AUTH, NULL, NULL, NULL, 0);
    if (server_ctx == NULL || cssl_context_load_cert_chain(server_ctx, cert, key, NULL) != 0)
        return fail_cssl("server context");
    if (o->no_ticket &&
        cssl_context_set_options(server_ctx, cssl_context_get_options(server_ctx) |
                                                 CSSL_OP_NO_TICKET) != 0)
        return fail_cssl("OP_NO_TICKET");
    return pin_version(server_ctx, o->tls_version);
}

static int client_init(const bench_opts *o)
{
    char ca[512];
    snprintf(ca, sizeof(ca), "%s/ca.pem", o->certdir);
    client_ctx = cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, ca, NULL, NULL, 0);
    if (client_ctx == NULL)
        return fail_cssl("client context");
    return pin_version(client_ctx, o->tls_version);
}

static bench_conn *do_accept(int fd)
{
    cssl_socket *s = cssl_context_wrap_socket(server_ctx, fd, true, true, true, NULL, NULL);
    if (s == NULL)
        fail_cssl("accept");
    return (bench_conn *)s;
}

static bench_conn *do_connect(int fd, bool resume)
{
    cssl_socket *s = cssl_context_wrap_socket(client_ctx, fd, false, true, true, "localhost",
                                              resume ? kept : NULL);
    if (s == NULL)
        fail_cssl("connect");
    return (bench_conn *)s;
}

static long do_read(bench_conn *c, void *buf, size_t n)
{
    return cssl_socket_read((cssl_socket *)c, buf, n);
}

static int do_write_all(bench_conn *c, const void *buf, size_t n)
{
    return cssl_socket_sendall((cssl_socket *)c, buf, n, 0) == 0 ? 0 : fail_cssl("sendall");
}

static int do_reused(bench_conn *c)
{
    return cssl_socket_session_reused((cssl_socket *)c);
}

static int do_keep_session(bench_conn *c)
{
    cssl_session *s = cssl_socket_get_session((cssl_socket *)c);
    if (s == NULL)
        return fail_cssl("session");
    cssl_session_free(kept);
    kept = s;
    return 0;
}

static const char *do_cipher(bench_conn *c)
{
    cssl_cipher ci;
    return cssl_socket_cipher((cssl_socket *)c, &ci) ? ci.name : "none";
}

static const char *do_version(bench_conn *c)
{
    const char *v = cssl_socket_version((cssl_socket *)c);
    return v != NULL ? v : "none";
}

static void do_close(bench_conn *c)
{
    cssl_socket_free((cssl_socket *)c);
}

static int do_clean_close(bench_conn *c)
{
    int fd = cssl_socket_unwrap((cssl_socket *)c);
    int rc = fd < 0 ? fail_cssl("unwrap") : 0;
    if (fd >= 0)
        close(fd);
    cssl_socket_free((cssl_socket *)c);
    return rc;
}

static void *default_ctx(void)
{
    return cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, NULL, NULL, NULL, 0);
}

static void free_ctx(void *ctx)
{
    cssl_context_free(ctx);
}

static const bench_stack cssl_stack = {
    .name = "cssl",
    .server_init = server_init,
    .client_init = client_init,
    .accept = do_accept,
    .connect = do_connect,
    .read = do_read,
    .write_all = do_write_all,
    .reused = do_reused,
    .keep_session = do_keep_session,
    .cipher = do_cipher,
    .version = do_version,
    .close = do_close,
    .clean_close = do_clean_close,
    .default_ctx = default_ctx,
    .free_ctx = free_ctx,
};

int main(int argc, char **argv)
{
    return bench_main(&cssl_stack, argc, argv);
}
