/* SSLSocket features over real connections on 127.0.0.1: session
 * resumption (TLS 1.2 and 1.3), channel binding, the SNI callback, ALPN,
 * client certificates, post-handshake authentication, and the module
 * functions that connect (get_server_certificate, the deprecated
 * wrap_socket). */
#include "testlib.h"
#include "tlstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TLS12 CSSL_TLSVERSION_TLSv1_2

/* What a server thread saw, for the test to check after joining. */
typedef struct seen {
    cssl_context *ctx;       /* the server's context */
    cssl_context *switch_to; /* SNI: the context to switch to */
    char sni[64];            /* SNI: the name the callback got ("(none)" for NULL) */
    bool switched;           /* SNI: the connection's context was switch_to */
    char alpn[32];
    unsigned char cb[2][64]; /* tls-unique of the first two connections */
    int cb_len[2];
    int conns;
    char peer_cn[64]; /* the client certificate's commonName */
    char error[256];  /* the server's handshake error */
    bool pha;         /* post-handshake authentication */
} seen;

/* Handshake, write "x", note what was negotiated, wait for the client to
 * leave. */
static int serve_note(int fd, void *arg)
{
    seen *s = arg;
    cssl_socket *c = cssl_context_wrap_socket(s->ctx, fd, true, true, true, NULL, NULL);
    if (c == NULL) {
        snprintf(s->error, sizeof(s->error), "%s", cssl_last_error()->message);
        return 0;
    }
    const char *alpn = cssl_socket_selected_alpn_protocol(c);
    snprintf(s->alpn, sizeof(s->alpn), "%s", alpn ? alpn : "(none)");
    s->switched = s->switch_to != NULL && cssl_socket_get_context(c) == s->switch_to;
    if (s->conns < 2) {
        s->cb_len[s->conns] =
            cssl_socket_get_channel_binding(c, "tls-unique", s->cb[s->conns], sizeof(s->cb[0]));
        s->conns++;
    }
    cssl_cert_info *cert = NULL;
    if (cssl_socket_getpeercert(c, &cert) == 0 && cert != NULL && cert->subject.count == 2) {
        snprintf(s->peer_cn, sizeof(s->peer_cn), "%s", cert->subject.rdns[1].attrs[0].value.data);
    }
    cssl_cert_info_free(cert);
    /* Clients that want "x" check it; others may be gone already. */
    if (cssl_socket_sendall(c, "x", 1, 0) == 0) {
        char buf[64];
        while (cssl_socket_recv(c, buf, sizeof(buf), 0) > 0) {
        }
    }
    cssl_socket_free(c);
    return 0;
}

static void read_x(cssl_socket *c)
{
    char b = 0;
    assert_int_equal(cssl_socket_recv(c, &b, 1, 0), 1);
    assert_int_equal(b, 'x');
}

/* ---- sessions ------------------------------------------------------------------- */

static void check_resumption(int max_version)
{
    seen s = {.ctx = tl_server_ctx(max_version)};
    cssl_context *cctx = tl_client_ctx(0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 2, &port);
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    read_x(c); /* TLS 1.3 tickets arrive after the handshake */
    cssl_session *sess = cssl_socket_get_session(c);
    assert_non_null(sess);
    assert_true(cssl_session_id(sess, NULL, 0) > 0);
    assert_true(cssl_session_timeout(sess) > 0);
    assert_true(cssl_session_time(sess) > 0);
    assert_true(cssl_session_equal(sess, sess));
    expect_error(cssl_socket_set_session(c, sess), CSSL_E_VALUE,
                 "Cannot set session after handshake.");
    unsigned char cb[2][64];
    int cb_len[2];
    cb_len[0] = cssl_socket_get_channel_binding(c, "tls-unique", cb[0], sizeof(cb[0]));
    cssl_socket_free(c);

    int fd = tl_tcp_connect("127.0.0.1", port);
    c = cssl_context_wrap_socket(cctx, fd, false, false, true, "localhost", sess);
    assert_non_null(c);
    assert_int_equal(cssl_socket_do_handshake(c), 0);
    read_x(c);
    assert_int_equal(cssl_socket_session_reused(c), 1);
    cb_len[1] = cssl_socket_get_channel_binding(c, "tls-unique", cb[1], sizeof(cb[1]));
    cssl_session *again = cssl_socket_get_session(c);
    assert_non_null(again);
    if (max_version == TLS12) {
        assert_true(cssl_session_equal(sess, again)); /* same session id */
        assert_false(cssl_session_has_ticket(sess) && cssl_session_ticket_lifetime_hint(sess) == 0);
    }
    cssl_session_free(again);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    /* tls-unique (RFC 5929): the same on both ends, fresh and resumed. */
    for (int i = 0; i < 2; i++) {
        assert_true(cb_len[i] >= 12);
        assert_int_equal(s.cb_len[i], cb_len[i]);
        assert_memory_equal(s.cb[i], cb[i], (size_t)cb_len[i]);
    }
    assert_memory_not_equal(cb[0], cb[1], (size_t)cb_len[0]);
    cssl_session_free(sess);
    cssl_context_free(s.ctx);
    cssl_context_free(cctx);
}

static void test_resumption_tls12(void **state)
{
    check_resumption(TLS12);
}

static void test_resumption_tls13(void **state)
{
    check_resumption(0);
}

static void test_session_errors(void **state)
{
    seen s = {.ctx = tl_server_ctx(TLS12)};
    cssl_context *cctx = tl_client_ctx(0);
    cssl_context *other = tl_client_ctx(0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 1, &port);
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    read_x(c);
    cssl_session *sess = cssl_socket_get_session(c);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    c = cssl_context_wrap_socket(other, sv[0], false, false, true, "localhost", sess);
    expect_error(c ? 0 : -1, CSSL_E_VALUE, "Session refers to a different SSLContext.");
    c = cssl_context_wrap_socket(s.ctx, sv[1], true, false, true, NULL, sess);
    expect_error(c ? 0 : -1, CSSL_E_VALUE, "session can only be specified in client mode");
    close(sv[1]);
    cssl_session_free(sess);
    cssl_context_free(s.ctx);
    cssl_context_free(cctx);
    cssl_context_free(other);
}

/* ---- SNI and ALPN ------------------------------------------------------------------ */

static int sni_cb(void *conn, const char *name, cssl_context *ctx, void *arg)
{
    seen *s = arg;
    snprintf(s->sni, sizeof(s->sni), "%s", name ? name : "(none)");
    if (cssl_conn_is_object(conn)) {
        return CSSL_ALERT_DESCRIPTION_INTERNAL_ERROR;
    }
    if (name != NULL && strcmp(name, "deny.example") == 0) {
        return CSSL_ALERT_DESCRIPTION_ACCESS_DENIED;
    }
    if (name != NULL && cssl_socket_set_context(conn, s->switch_to) < 0) {
        return CSSL_ALERT_DESCRIPTION_INTERNAL_ERROR;
    }
    return CSSL_SNI_OK;
}

static void test_sni_callback(void **state)
{
    seen s = {.ctx = cssl_context_new(CSSL_PROTOCOL_TLS_SERVER), .switch_to = tl_server_ctx(0)};
    assert_int_equal(cssl_context_set_sni_callback(s.ctx, sni_cb, &s), 0);
    cssl_context *cctx = tl_client_ctx(0);
    expect_error(cssl_context_set_sni_callback(cctx, sni_cb, &s), CSSL_E_VALUE,
                 "sni_callback cannot be set on TLS_CLIENT context");
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 1, &port);
    /* The first context has no certificate: the switch is what makes the
     * handshake succeed. */
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    read_x(c);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    assert_string_equal(s.sni, "localhost");
    assert_true(s.switched);

    srv = tl_server_start("127.0.0.1", serve_note, &s, 1, &port);
    c = cssl_socket_connect(cctx, "127.0.0.1", port, "deny.example", 5.0);
    expect_error(c ? 0 : -1, CSSL_E_SSL,
                 "[SSL: TLSV1_ALERT_ACCESS_DENIED] tlsv1 alert access denied");
    assert_string_equal(cssl_last_error()->reason, "TLSV1_ALERT_ACCESS_DENIED");
    assert_int_equal(tl_server_join(srv), 0);
    assert_string_equal(s.sni, "deny.example");

    /* An IP address is no server name: the callback gets NULL. */
    srv = tl_server_start("127.0.0.1", serve_note, &s, 1, &port);
    c = cssl_socket_connect(cctx, "127.0.0.1", port, "127.0.0.1", 5.0);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    assert_string_equal(s.sni, "(none)");
    cssl_context_free(s.ctx);
    cssl_context_free(s.switch_to);
    cssl_context_free(cctx);
}

static void check_alpn(const char *const *offer, size_t count, const char *expected)
{
    static const char *const server_protos[] = {"http/1.1", "spdy/2"};
    seen s = {.ctx = tl_server_ctx(0)};
    assert_int_equal(cssl_context_set_alpn_protocols(s.ctx, server_protos, 2), 0);
    cssl_context *cctx = tl_client_ctx(0);
    assert_int_equal(cssl_context_set_alpn_protocols(cctx, offer, count), 0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 1, &port);
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    read_x(c);
    const char *got = cssl_socket_selected_alpn_protocol(c);
    assert_string_equal(got ? got : "(none)", expected);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    assert_string_equal(s.alpn, expected);
    cssl_context_free(s.ctx);
    cssl_context_free(cctx);
}

static void test_alpn(void **state)
{
    static const char *const both[] = {"h2", "http/1.1"};
    static const char *const none[] = {"h2"};
    check_alpn(both, 2, "http/1.1");
    check_alpn(none, 1, "(none)");
}

/* ---- client certificates and post-handshake authentication -------------------------- */

static cssl_context *client_auth_server(bool pha)
{
    cssl_context *ctx = tl_server_ctx(0);
    assert_int_equal(cssl_context_set_verify_mode(ctx, CSSL_CERT_REQUIRED), 0);
    assert_int_equal(
        cssl_context_load_verify_locations(ctx, testlib_cert_path("ca.pem"), NULL, NULL, 0), 0);
    assert_int_equal(cssl_context_set_post_handshake_auth(ctx, pha), 0);
    return ctx;
}

static cssl_context *client_with_cert(bool pha)
{
    cssl_context *ctx = tl_client_ctx(0);
    char cert[4096];
    snprintf(cert, sizeof(cert), "%s", testlib_cert_path("client.pem"));
    assert_int_equal(cssl_context_load_cert_chain(ctx, cert, testlib_cert_path("client.key"), NULL),
                     0);
    assert_int_equal(cssl_context_set_post_handshake_auth(ctx, pha), 0);
    return ctx;
}

static void test_client_certificate(void **state)
{
    seen s = {.ctx = client_auth_server(false)};
    cssl_context *cctx = client_with_cert(false);
    cssl_context *bare = tl_client_ctx(0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 2, &port);
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    read_x(c);
    cssl_socket_free(c);
    /* Without a certificate: TLS 1.3 reports the server's alert on read. */
    c = cssl_socket_connect(bare, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    char b;
    expect_error(cssl_socket_recv(c, &b, 1, 0), CSSL_E_SSL,
                 "[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required");
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    assert_string_equal(s.peer_cn, "cssl test client");
    assert_string_equal(
        s.error, "[SSL: PEER_DID_NOT_RETURN_A_CERTIFICATE] peer did not return a certificate");
    cssl_context_free(s.ctx);
    cssl_context_free(cctx);
    cssl_context_free(bare);
}

/* TLS 1.3 post-handshake authentication: no certificate in the handshake,
 * one after verify_client_post_handshake() and a round trip. */
static int serve_pha(int fd, void *arg)
{
    seen *s = arg;
    cssl_socket *c = tl_accept_tls(s->ctx, fd);
    if (c == NULL) {
        return 1;
    }
    cssl_cert_info *cert = NULL;
    int rc = cssl_socket_getpeercert(c, &cert) == 0 && cert == NULL ? 0 : tl_fail("cert before");
    char b;
    if (rc == 0 && (cssl_socket_verify_client_post_handshake(c) < 0 ||
                    cssl_socket_sendall(c, "x", 1, 0) < 0 || cssl_socket_recv(c, &b, 1, 0) != 1)) {
        rc = tl_fail("pha");
    }
    if (rc == 0 && cssl_socket_getpeercert(c, &cert) == 0 && cert != NULL) {
        s->pha = true;
        cssl_cert_info_free(cert);
    }
    cssl_socket_free(c);
    return rc;
}

static void test_post_handshake_auth(void **state)
{
    seen s = {.ctx = client_auth_server(true)};
    cssl_context *cctx = client_with_cert(true);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_pha, &s, 1, &port);
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 5.0);
    assert_non_null(c);
    read_x(c); /* handles the CertificateRequest on the way */
    assert_int_equal(cssl_socket_sendall(c, "y", 1, 0), 0);
    char b;
    assert_int_equal(cssl_socket_recv(c, &b, 1, 0), 0); /* server left */
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    assert_true(s.pha);
    expect_error(cssl_socket_verify_client_post_handshake(NULL), CSSL_E_VALUE,
                 "sock must not be NULL");
    cssl_context_free(s.ctx);
    cssl_context_free(cctx);
}

/* ---- module functions that connect -------------------------------------------------- */

static void test_get_server_certificate(void **state)
{
    seen s = {.ctx = tl_server_ctx(0)};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 3, &port);
    char *expected = testlib_read_file(testlib_cert_path("server.pem"), NULL);
    char *pem = cssl_get_server_certificate("127.0.0.1", port, 0, NULL, 5.0);
    assert_non_null(pem);
    assert_string_equal(pem, expected);
    cssl_free(pem);
    pem = cssl_get_server_certificate("127.0.0.1", port, CSSL_PROTOCOL_TLS_CLIENT,
                                      testlib_cert_path("ca.pem"), 5.0);
    assert_non_null(pem);
    cssl_free(pem);
    pem = cssl_get_server_certificate("127.0.0.1", port, 0, testlib_cert_path("client.pem"), 5.0);
    expect_error(pem ? 0 : -1, CSSL_E_CERT_VERIFICATION,
                 "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get "
                 "local issuer certificate");
    assert_int_equal(tl_server_join(srv), 0);
    free(expected);
    cssl_context_free(s.ctx);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void test_deprecated_wrap_socket(void **state)
{
    seen s = {.ctx = tl_server_ctx(0)};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_note, &s, 1, &port);
    int fd = tl_tcp_connect("127.0.0.1", port);
    cssl_socket *c =
        cssl_wrap_socket(fd, NULL, NULL, false, CSSL_CERT_NONE, 0, NULL, true, true, NULL);
    assert_non_null(c);
    read_x(c);
    assert_null(cssl_socket_server_hostname(c));
    cssl_cert_info *cert = NULL;
    assert_int_equal(cssl_socket_getpeercert(c, &cert), 0);
    assert_int_equal(cert->fields, 0); /* CERT_NONE: {} */
    cssl_cert_info_free(cert);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    assert_string_equal(s.sni, ""); /* no SNI callback ran */
    c = cssl_wrap_socket(0, NULL, NULL, true, CSSL_CERT_NONE, 0, NULL, true, true, NULL);
    expect_error(c ? 0 : -1, CSSL_E_VALUE, "certfile must be specified for server-side operations");
    c = cssl_wrap_socket(0, "k.pem", NULL, false, CSSL_CERT_NONE, 0, NULL, true, true, NULL);
    expect_error(c ? 0 : -1, CSSL_E_VALUE, "certfile must be specified");
    cssl_context_free(s.ctx);
}
#pragma GCC diagnostic pop

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resumption_tls12),
        cmocka_unit_test(test_resumption_tls13),
        cmocka_unit_test(test_session_errors),
        cmocka_unit_test(test_sni_callback),
        cmocka_unit_test(test_alpn),
        cmocka_unit_test(test_client_certificate),
        cmocka_unit_test(test_post_handshake_auth),
        cmocka_unit_test(test_get_server_certificate),
        cmocka_unit_test(test_deprecated_wrap_socket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
