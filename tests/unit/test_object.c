/* MemoryBIO and SSLObject (sans-I/O TLS): a cssl client object and a cssl
 * server object in one thread, bytes pumped between their memory BIOs by
 * the test.  Handshakes and data over TLS 1.2 and 1.3, the properties,
 * sessions, the SNI callback, and every error path with Python's texts
 * (measured with python3.13's SSLObject; tests/difftest/test_object.py
 * checks the same against Python side by side). */
#include "testlib.h"
#include "tlstest.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "tls_internal.h"

#define TLS12 CSSL_TLSVERSION_TLSv1_2
#define TLS13 CSSL_TLSVERSION_TLSv1_3

#define WANT_READ_TEXT "The operation did not complete (read)"
#define EOF_TEXT "EOF occurred in violation of protocol"
#define EOF_SSL_TEXT "[SSL: UNEXPECTED_EOF_WHILE_READING] " EOF_TEXT

/* One side of an in-memory connection. */
typedef struct side {
    cssl_memory_bio *in, *out;
    cssl_object *obj;
} side;

typedef struct pair {
    cssl_context *cctx, *sctx;
    side c, s;
} pair;

static void side_open(side *x, cssl_context *ctx, bool server, const char *host)
{
    x->in = cssl_memory_bio_new();
    x->out = cssl_memory_bio_new();
    assert_non_null(x->in);
    assert_non_null(x->out);
    x->obj = cssl_context_wrap_bio(ctx, x->in, x->out, server, host, NULL);
    assert_non_null(x->obj);
}

static void side_close(side *x)
{
    cssl_object_free(x->obj);
    cssl_memory_bio_free(x->in);
    cssl_memory_bio_free(x->out);
}

static void pair_open(pair *p, int max_version)
{
    p->cctx = tl_client_ctx(max_version);
    p->sctx = tl_server_ctx(max_version);
    side_open(&p->c, p->cctx, false, "localhost");
    side_open(&p->s, p->sctx, true, NULL);
}

static void pair_close(pair *p)
{
    side_close(&p->c);
    side_close(&p->s);
    cssl_context_free(p->cctx);
    cssl_context_free(p->sctx);
}

/* Move what `from` wrote to `to`'s incoming BIO; returns the byte count. */
static size_t transfer(side *from, side *to)
{
    size_t len = 0;
    unsigned char *data = cssl_memory_bio_read_all(from->out, &len);
    assert_non_null(data);
    if (len > 0) {
        assert_int_equal(cssl_memory_bio_write(to->in, data, len), (int)len);
    }
    cssl_free(data);
    return len;
}

/* Both handshakes to the end, pumping bytes until neither side wants more. */
static void handshake(pair *p)
{
    int rc = -1, rs = -1;
    for (int i = 0; i < 10 && (rc < 0 || rs < 0); i++) {
        if (rc < 0) {
            rc = cssl_object_do_handshake(p->c.obj);
            assert_true(rc == 0 || rc == CSSL_E_WANT_READ);
        }
        transfer(&p->c, &p->s);
        if (rs < 0) {
            rs = cssl_object_do_handshake(p->s.obj);
            assert_true(rs == 0 || rs == CSSL_E_WANT_READ);
        }
        transfer(&p->s, &p->c);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(rs, 0);
}

/* Write len bytes on one side, read them all on the other. */
static void exchange(side *from, side *to, size_t len)
{
    unsigned char *data = malloc(len), *got = malloc(len);
    for (size_t i = 0; i < len; i++) {
        data[i] = (unsigned char)(i * 7 + 3);
    }
    size_t done = 0;
    while (done < len) {
        size_t chunk = len - done < 20000 ? len - done : 20000;
        assert_int_equal(cssl_object_write(from->obj, data + done, chunk), (int)chunk);
        done += chunk;
    }
    transfer(from, to);
    size_t have = 0;
    while (have < len) {
        int n = cssl_object_read(to->obj, got + have, len - have);
        assert_true(n > 0);
        have += (size_t)n;
    }
    assert_memory_equal(got, data, len);
    expect_error(cssl_object_read(to->obj, got, 1), CSSL_E_WANT_READ, WANT_READ_TEXT);
    free(data);
    free(got);
}

/* ---- MemoryBIO ------------------------------------------------------------------ */

static void test_memory_bio(void **state)
{
    cssl_memory_bio *m = cssl_memory_bio_new();
    char buf[8];
    assert_int_equal(cssl_memory_bio_pending(m), 0);
    assert_int_equal(cssl_memory_bio_read(m, buf, sizeof(buf)), 0);
    assert_int_equal(cssl_memory_bio_write(m, "abc", 3), 3);
    assert_int_equal(cssl_memory_bio_write(m, "", 0), 0);
    assert_int_equal(cssl_memory_bio_pending(m), 3);
    assert_false(cssl_memory_bio_eof(m));
    assert_int_equal(cssl_memory_bio_read(m, buf, 1), 1);
    assert_int_equal(buf[0], 'a');
    assert_int_equal(cssl_memory_bio_write_eof(m), 0);
    assert_false(cssl_memory_bio_eof(m)); /* not drained yet */
    expect_error(cssl_memory_bio_write(m, "x", 1), CSSL_E_SSL,
                 "('cannot write() after write_eof()',)");
    size_t len = 99;
    unsigned char *all = cssl_memory_bio_read_all(m, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(all, "bc", 2);
    cssl_free(all);
    assert_true(cssl_memory_bio_eof(m));
    all = cssl_memory_bio_read_all(m, &len);
    assert_non_null(all);
    assert_int_equal(len, 0);
    cssl_free(all);
    cssl_memory_bio_free(m);
    cssl_memory_bio_free(NULL);
}

/* Growth, compaction and release across many writes and partial reads. */
static void test_memory_bio_queue(void **state)
{
    cssl_memory_bio *m = cssl_memory_bio_new();
    unsigned char in[3000], out[3000];
    unsigned next_in = 0, next_out = 0;
    for (int round = 0; round < 200; round++) {
        size_t w = (size_t)(round * 37 % 3000) + 1, r = (size_t)(round * 53 % 2900) + 1;
        for (size_t i = 0; i < w; i++) {
            in[i] = (unsigned char)(next_in++ % 251);
        }
        assert_int_equal(cssl_memory_bio_write(m, in, w), (int)w);
        int n = cssl_memory_bio_read(m, out, r);
        for (int i = 0; i < n; i++) {
            assert_int_equal(out[i], next_out++ % 251);
        }
    }
    assert_int_equal(cssl_memory_bio_pending(m), next_in - next_out);
    cssl_memory_bio_free(m);
}

static void test_memory_bio_null(void **state)
{
    char b;
    size_t len;
    expect_error(cssl_memory_bio_write(NULL, "x", 1), CSSL_E_VALUE, "bio must not be NULL");
    expect_error(cssl_memory_bio_read(NULL, &b, 1), CSSL_E_VALUE, "bio must not be NULL");
    assert_null(cssl_memory_bio_read_all(NULL, &len));
    expect_error(-1, CSSL_E_VALUE, "bio must not be NULL");
    expect_error(cssl_memory_bio_write_eof(NULL), CSSL_E_VALUE, "bio must not be NULL");
    assert_int_equal(cssl_memory_bio_pending(NULL), 0);
    assert_false(cssl_memory_bio_eof(NULL));
    assert_int_equal(cssl_poll_events(CSSL_E_WANT_READ), POLLIN);
    assert_int_equal(cssl_poll_events(CSSL_E_WANT_WRITE), POLLOUT);
    assert_int_equal(cssl_poll_events(CSSL_E_EOF), 0);
    assert_int_equal(cssl_poll_events(5), 0);
}

/* ---- handshake and data ---------------------------------------------------------- */

typedef struct version_case {
    int max_version;
    const char *version;
} version_case;

static const version_case versions[] = {
    {.max_version = TLS12, .version = "TLSv1.2"},
    {.max_version = TLS13, .version = "TLSv1.3"},
};

static void check_connection(const pair *p, const char *version)
{
    assert_string_equal(cssl_object_version(p->c.obj), version);
    assert_string_equal(cssl_object_version(p->s.obj), version);
    cssl_cipher cc, sc;
    assert_true(cssl_object_cipher(p->c.obj, &cc));
    assert_true(cssl_object_cipher(p->s.obj, &sc));
    assert_string_equal(cc.name, sc.name);
    assert_false(cssl_object_session_reused(p->c.obj));
    assert_null(cssl_object_compression(p->c.obj));
    assert_null(cssl_object_selected_alpn_protocol(p->c.obj));
    cssl_cert_info *cert = NULL;
    assert_int_equal(cssl_object_getpeercert(p->c.obj, &cert), 0);
    assert_non_null(cert);
    cssl_cert_info_free(cert);
    assert_int_equal(cssl_object_getpeercert(p->s.obj, &cert), 0);
    assert_null(cert); /* no client certificate */
    unsigned char cb1[64], cb2[64];
    int n1 = cssl_object_get_channel_binding(p->c.obj, NULL, cb1, sizeof(cb1));
    int n2 = cssl_object_get_channel_binding(p->s.obj, "tls-unique", cb2, sizeof(cb2));
    assert_true(n1 > 0);
    assert_int_equal(n1, n2);
    assert_memory_equal(cb1, cb2, (size_t)n1);
    cssl_store_list *chain = cssl_object_get_verified_chain(p->c.obj);
    assert_int_equal(chain->count, 2);
    cssl_store_list_free(chain);
    size_t count = 0;
    cssl_cipher *shared = cssl_object_shared_ciphers(p->s.obj, &count);
    assert_true(count > 0);
    cssl_free(shared);
    assert_null(cssl_object_shared_ciphers(p->c.obj, &count));
}

static void test_handshake_and_data(void **state)
{
    for (size_t i = 0; i < (sizeof(versions) / sizeof(versions[0])); i++) {
        pair p;
        pair_open(&p, versions[i].max_version);
        handshake(&p);
        check_connection(&p, versions[i].version);
        exchange(&p.c, &p.s, 5);
        exchange(&p.s, &p.c, 100000);
        exchange(&p.c, &p.s, 70000);
        /* Idle: everything was pumped, nothing is left anywhere. */
        assert_int_equal(cssl_memory_bio_pending(p.c.in) + cssl_memory_bio_pending(p.c.out) +
                             cssl_memory_bio_pending(p.s.in) + cssl_memory_bio_pending(p.s.out),
                         0);
        pair_close(&p);
    }
}

/* read() runs the handshake itself, as SSL_read() does. */
static void test_implicit_handshake(void **state)
{
    pair p;
    pair_open(&p, 0);
    char buf[16];
    for (int i = 0; i < 6; i++) {
        int rc = i % 2 ? cssl_object_read(p.s.obj, buf, sizeof(buf))
                       : cssl_object_write(p.c.obj, "ping", 4);
        assert_true(rc == CSSL_E_WANT_READ || rc >= 0);
        transfer(&p.c, &p.s);
        transfer(&p.s, &p.c);
        if (i % 2 && rc > 0) {
            assert_int_equal(rc, 4);
            assert_memory_equal(buf, "ping", 4);
            break;
        }
    }
    assert_string_equal(cssl_object_version(p.s.obj), "TLSv1.3");
    pair_close(&p);
}

/* ---- error paths (Python's texts) -------------------------------------------------- */

static void test_before_handshake(void **state)
{
    pair p;
    pair_open(&p, 0);
    char buf[8];
    cssl_cipher c;
    cssl_cert_info *cert = NULL;
    unsigned char *der;
    size_t der_len;
    assert_int_equal(cssl_object_read(p.c.obj, buf, 0), 0);
    expect_error(cssl_object_read(p.c.obj, buf, sizeof(buf)), CSSL_E_WANT_READ, WANT_READ_TEXT);
    expect_error(cssl_object_write(p.c.obj, "x", 1), CSSL_E_WANT_READ, WANT_READ_TEXT);
    expect_error(cssl_object_do_handshake(p.s.obj), CSSL_E_WANT_READ, WANT_READ_TEXT);
    expect_error(cssl_object_getpeercert(p.c.obj, &cert), CSSL_E_VALUE, "handshake not done yet");
    expect_error(cssl_object_getpeercert_der(p.c.obj, &der, &der_len), CSSL_E_VALUE,
                 "handshake not done yet");
    expect_error(cssl_object_unwrap(p.s.obj), CSSL_E_SSL,
                 "[SSL: SHUTDOWN_WHILE_IN_INIT] shutdown while in init");
    assert_false(cssl_object_cipher(p.c.obj, &c));
    assert_null(cssl_object_version(p.c.obj));
    assert_int_equal(cssl_object_get_channel_binding(p.c.obj, NULL, NULL, 0), 0);
    expect_error(cssl_object_get_channel_binding(p.c.obj, "foo", NULL, 0), CSSL_E_VALUE,
                 "'foo' channel binding type not implemented");
    assert_int_equal(cssl_object_pending(p.c.obj), 0);
    assert_false(cssl_object_session_reused(p.c.obj));
    assert_null(cssl_object_get_session(p.s.obj));
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
    cssl_store_list *chain = cssl_object_get_unverified_chain(p.c.obj);
    assert_int_equal(chain->count, 0);
    cssl_store_list_free(chain);
    assert_true(cssl_object_server_side(p.s.obj));
    assert_false(cssl_object_server_side(p.c.obj));
    assert_string_equal(cssl_object_server_hostname(p.c.obj), "localhost");
    assert_null(cssl_object_server_hostname(p.s.obj));
    assert_ptr_equal(cssl_object_get_context(p.c.obj), p.cctx);
    expect_error(cssl_object_set_session(p.s.obj, NULL), CSSL_E_TYPE, "Value is not a SSLSession.");
    pair_close(&p);
}

/* A TCP EOF (write_eof() on incoming) in the middle of a record, at a
 * record boundary, and during the handshake. */
static void test_eof(void **state)
{
    pair p;
    pair_open(&p, 0);
    handshake(&p);
    char buf[32];
    assert_int_equal(cssl_object_write(p.c.obj, "hello world", 11), 11);
    size_t len = 0;
    unsigned char *rec = cssl_memory_bio_read_all(p.c.out, &len);
    assert_int_equal(cssl_memory_bio_write(p.s.in, rec, 7), 7);
    cssl_free(rec);
    expect_error(cssl_object_read(p.s.obj, buf, sizeof(buf)), CSSL_E_WANT_READ, WANT_READ_TEXT);
    assert_int_equal(cssl_memory_bio_write_eof(p.s.in), 0);
    expect_error(cssl_object_read(p.s.obj, buf, sizeof(buf)), CSSL_E_EOF, EOF_SSL_TEXT);
    assert_string_equal(cssl_last_error()->reason, "UNEXPECTED_EOF_WHILE_READING");
    assert_int_equal(cssl_last_error()->py_errno, 8);
    expect_error(cssl_object_read(p.s.obj, buf, sizeof(buf)), CSSL_E_EOF, EOF_TEXT);
    assert_null(cssl_last_error()->reason);
    /* At a record boundary; then writing fails too. */
    assert_int_equal(cssl_memory_bio_write_eof(p.c.in), 0);
    expect_error(cssl_object_read(p.c.obj, buf, sizeof(buf)), CSSL_E_EOF, EOF_SSL_TEXT);
    expect_error(cssl_object_write(p.c.obj, "x", 1), CSSL_E_EOF, EOF_TEXT);
    pair_close(&p);

    pair_open(&p, 0);
    assert_int_equal(cssl_memory_bio_write_eof(p.c.in), 0);
    expect_error(cssl_object_do_handshake(p.c.obj), CSSL_E_EOF, EOF_SSL_TEXT);
    pair_close(&p);
}

/* unwrap() on both sides: close_notify one way, then the other (Python's
 * test_unwrap); after it, reading and writing fail as in Python. */
static void test_unwrap(void **state)
{
    for (size_t i = 0; i < (sizeof(versions) / sizeof(versions[0])); i++) {
        pair p;
        pair_open(&p, versions[i].max_version);
        handshake(&p);
        char buf[8];
        expect_error(cssl_object_unwrap(p.c.obj), CSSL_E_WANT_READ, WANT_READ_TEXT);
        assert_true(transfer(&p.c, &p.s) > 0);
        /* The server reads the close_notify as the end: 0 bytes, again and again. */
        assert_int_equal(cssl_object_read(p.s.obj, buf, sizeof(buf)), 0);
        assert_int_equal(cssl_object_read(p.s.obj, buf, sizeof(buf)), 0);
        assert_int_equal(cssl_object_unwrap(p.s.obj), 0);
        assert_true(transfer(&p.s, &p.c) > 0);
        assert_int_equal(cssl_object_unwrap(p.c.obj), 0);
        expect_error(cssl_object_write(p.c.obj, "a", 1), CSSL_E_SSL,
                     "[SSL: PROTOCOL_IS_SHUTDOWN] protocol is shutdown");
        expect_error(cssl_object_write(p.s.obj, "a", 1), CSSL_E_SSL,
                     "[SSL: PROTOCOL_IS_SHUTDOWN] protocol is shutdown");
        assert_int_equal(cssl_object_unwrap(p.s.obj), 0);
        pair_close(&p);
    }
}

/* Data the peer sent after our close_notify (Python: the server writes
 * after reading the client's close_notify). */
static void test_unwrap_data_after_close(void **state)
{
    pair p;
    pair_open(&p, 0);
    handshake(&p);
    char buf[8];
    expect_error(cssl_object_unwrap(p.c.obj), CSSL_E_WANT_READ, WANT_READ_TEXT);
    transfer(&p.c, &p.s);
    assert_int_equal(cssl_object_read(p.s.obj, buf, sizeof(buf)), 0);
    assert_int_equal(cssl_object_write(p.s.obj, "x", 1), 1);
    assert_int_equal(cssl_object_unwrap(p.s.obj), 0);
    transfer(&p.s, &p.c);
    expect_error(cssl_object_unwrap(p.c.obj), CSSL_E_SSL,
                 "[SSL: APPLICATION_DATA_AFTER_CLOSE_NOTIFY] application data after close notify");
    expect_error(cssl_object_read(p.c.obj, buf, sizeof(buf)), CSSL_E_EOF, EOF_TEXT);
    pair_close(&p);
}

static void test_wrap_bio_args(void **state)
{
    cssl_context *cctx = tl_client_ctx(0), *sctx = tl_server_ctx(0);
    cssl_memory_bio *a = cssl_memory_bio_new(), *b = cssl_memory_bio_new();
    assert_null(cssl_context_wrap_bio(cctx, a, b, true, NULL, NULL));
    expect_error(-1, CSSL_E_SSL,
                 "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context");
    assert_null(cssl_context_wrap_bio(sctx, a, b, false, NULL, NULL));
    expect_error(-1, CSSL_E_SSL,
                 "Cannot create a client socket with a PROTOCOL_TLS_SERVER context");
    assert_null(cssl_context_wrap_bio(cctx, a, b, false, "", NULL));
    expect_error(-1, CSSL_E_VALUE,
                 "server_hostname cannot be an empty string or start with a leading dot.");
    assert_null(cssl_context_wrap_bio(NULL, a, b, false, NULL, NULL));
    expect_error(-1, CSSL_E_VALUE, "ctx must not be NULL");
    assert_null(cssl_context_wrap_bio(cctx, NULL, b, false, NULL, NULL));
    expect_error(-1, CSSL_E_VALUE, "incoming must not be NULL");
    /* No check_hostname / server_side checks here, unlike wrap_socket(). */
    cssl_object *o = cssl_context_wrap_bio(cctx, a, b, false, NULL, NULL);
    assert_non_null(o);
    assert_null(cssl_object_server_hostname(o));
    cssl_object_free(o);
    o = cssl_context_wrap_bio(sctx, a, b, true, "x", NULL);
    assert_non_null(o);
    assert_string_equal(cssl_object_server_hostname(o), "x");
    cssl_object_free(o);
    /* The object keeps its BIOs and context alive. */
    o = cssl_context_wrap_bio(cctx, a, b, false, "localhost", NULL);
    cssl_memory_bio_free(a);
    cssl_context_free(cctx);
    expect_error(cssl_object_do_handshake(o), CSSL_E_WANT_READ, WANT_READ_TEXT);
    assert_true(cssl_memory_bio_pending(b) > 0);
    cssl_object_free(o);
    cssl_memory_bio_free(b);
    cssl_context_free(sctx);
    cssl_object_free(NULL);
    expect_error(cssl_object_do_handshake(NULL), CSSL_E_VALUE, "obj must not be NULL");
}

/* ---- sessions and SNI ------------------------------------------------------------- */

static void test_session_resumption(void **state)
{
    pair p;
    pair_open(&p, TLS12);
    handshake(&p);
    cssl_session *s = cssl_object_get_session(p.c.obj);
    assert_non_null(s);
    expect_error(cssl_object_set_session(p.c.obj, s), CSSL_E_VALUE,
                 "Cannot set session after handshake.");
    expect_error(cssl_object_set_session(p.s.obj, s), CSSL_E_VALUE,
                 "Session refers to a different SSLContext.");
    side_close(&p.c);
    side_close(&p.s);
    side_open(&p.s, p.sctx, true, NULL);
    p.c.in = cssl_memory_bio_new();
    p.c.out = cssl_memory_bio_new();
    p.c.obj = cssl_context_wrap_bio(p.cctx, p.c.in, p.c.out, false, "localhost", s);
    assert_non_null(p.c.obj);
    handshake(&p);
    assert_true(cssl_object_session_reused(p.c.obj));
    assert_true(cssl_object_session_reused(p.s.obj));
    cssl_session_free(s);
    pair_close(&p);
}

/* cssl__session_dup() measures the DER form only when its bound says the
 * 0xFF00 limit could matter: the bound must hold for real sessions, client
 * and server side, and the limit must still bite when a field is long. */
static void check_bound(cssl_session *s)
{
    assert_non_null(s);
    int len = i2d_SSL_SESSION(s->session, NULL);
    assert_true(len > 0);
    assert_true(cssl__session_der_bound(s->session) >= (size_t)len);
    assert_true(cssl__session_der_bound(s->session) < 0xFF00);
    cssl_session_free(s);
}

static void test_session_der_bound(void **state)
{
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        pair p;
        pair_open(&p, versions[i].max_version);
        handshake(&p);
        check_bound(cssl_object_get_session(p.c.obj));
        check_bound(cssl_object_get_session(p.s.obj));
        pair_close(&p);
    }
    SSL_SESSION *bare = SSL_SESSION_new(); /* no cipher: no DER form */
    assert_null(cssl__session_dup(bare));
    expect_error(-1, CSSL_E_VALUE, "i2d() failed");
    pair p;
    pair_open(&p, TLS12);
    handshake(&p);
    cssl_session *s = cssl_object_get_session(p.c.obj);
    static unsigned char big[0xFF00];
    assert_int_equal(SSL_SESSION_set1_ticket_appdata(s->session, big, sizeof(big)), 1);
    assert_true(i2d_SSL_SESSION(s->session, NULL) > 0xFF00);
    assert_null(cssl__session_dup(s->session));
    expect_error(-1, CSSL_E_VALUE, "i2d() failed");
    assert_int_equal(SSL_SESSION_set1_ticket_appdata(s->session, big, 0xF000), 1);
    SSL_SESSION *copy = cssl__session_dup(s->session); /* past the bound, under the limit */
    assert_non_null(copy);
    SSL_SESSION_free(copy);
    cssl_session_free(s);
    SSL_SESSION_free(bare);
    pair_close(&p);
}

typedef struct sni_seen {
    void *conn;
    bool is_object;
    char name[32];
    cssl_context *switch_to;
} sni_seen;

static int sni_cb(void *conn, const char *server_name, cssl_context *ctx, void *arg)
{
    sni_seen *s = arg;
    s->conn = conn;
    s->is_object = cssl_conn_is_object(conn);
    strncpy(s->name, server_name ? server_name : "(none)", sizeof(s->name) - 1);
    return cssl_object_set_context(conn, s->switch_to) == 0 ? CSSL_SNI_OK : 80;
}

static void test_sni_callback(void **state)
{
    pair p;
    pair_open(&p, 0);
    sni_seen seen = {.switch_to = tl_server_ctx(0)};
    assert_int_equal(cssl_context_set_sni_callback(p.sctx, sni_cb, &seen), 0);
    handshake(&p);
    assert_ptr_equal(seen.conn, p.s.obj);
    assert_true(seen.is_object);
    assert_string_equal(seen.name, "localhost");
    assert_ptr_equal(cssl_object_get_context(p.s.obj), seen.switch_to);
    cssl_context_free(seen.switch_to);
    exchange(&p.c, &p.s, 10);
    pair_close(&p);
}

/* A client that does not trust the server: the verification error, then
 * the server sees the client's alert. */
static void test_verification_failure(void **state)
{
    pair p;
    p.cctx = cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, NULL, NULL, NULL, 0);
    p.sctx = tl_server_ctx(0);
    side_open(&p.c, p.cctx, false, "localhost");
    side_open(&p.s, p.sctx, true, NULL);
    expect_error(cssl_object_do_handshake(p.c.obj), CSSL_E_WANT_READ, WANT_READ_TEXT);
    transfer(&p.c, &p.s);
    expect_error(cssl_object_do_handshake(p.s.obj), CSSL_E_WANT_READ, WANT_READ_TEXT);
    transfer(&p.s, &p.c);
    expect_error(cssl_object_do_handshake(p.c.obj), CSSL_E_CERT_VERIFICATION,
                 "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get "
                 "local issuer certificate");
    assert_int_equal(cssl_last_error()->verify_code, 20);
    transfer(&p.c, &p.s);
    expect_error(cssl_object_do_handshake(p.s.obj), CSSL_E_SSL,
                 "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca");
    pair_close(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_bio),
        cmocka_unit_test(test_memory_bio_queue),
        cmocka_unit_test(test_memory_bio_null),
        cmocka_unit_test(test_handshake_and_data),
        cmocka_unit_test(test_implicit_handshake),
        cmocka_unit_test(test_before_handshake),
        cmocka_unit_test(test_eof),
        cmocka_unit_test(test_unwrap),
        cmocka_unit_test(test_unwrap_data_after_close),
        cmocka_unit_test(test_wrap_bio_args),
        cmocka_unit_test(test_session_resumption),
        cmocka_unit_test(test_session_der_bound),
        cmocka_unit_test(test_sni_callback),
        cmocka_unit_test(test_verification_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
