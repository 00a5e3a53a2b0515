/*
 * getpeercert_walkthrough.c - connect, look at the server's certificate,
 * then talk HTTP over the verified channel.
 *
 * The Python it mirrors (ssl docs, "Client-side operation"):
 *
 *     context = ssl.create_default_context(cafile=CAFILE)
 *     conn = context.wrap_socket(socket.socket(socket.AF_INET),
 *                                server_hostname="www.python.org")
 *     conn.connect(("www.python.org", 443))
 *     cert = conn.getpeercert()
 *     pprint.pprint(cert)
 *     conn.sendall(b"HEAD / HTTP/1.0\r\nHost: linuxfr.org\r\n\r\n")
 *     pprint.pprint(conn.recv(1024).split(b"\r\n"))
 *
 * Usage: getpeercert_walkthrough HOST PORT CAFILE [SERVER_HOSTNAME]
 * HOST is an IPv4 address or name; SERVER_HOSTNAME (default HOST) is sent
 * as SNI, checked against the certificate and used as the Host header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cssl.h>

static int fail(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "%s: %s: %s\n", what, cssl_err_name(e->code), e->message);
    return 1;
}

/* repr() of a bytes object: b'...' with Python's escapes and quotes. */
static size_t bytes_repr(const char *p, size_t n, char *out)
{
    bool dq = memchr(p, '\'', n) != NULL && memchr(p, '"', n) == NULL;
    char q = dq ? '"' : '\'';
    size_t o = 0;
    out[o++] = 'b';
    out[o++] = q;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\\' || c == (unsigned char)q) {
            o += (size_t)sprintf(out + o, "\\%c", c);
        } else if (c == '\t' || c == '\n' || c == '\r') {
            o += (size_t)sprintf(out + o, "\\%c", c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
        } else if (c < 0x20 || c >= 0x7F) {
            o += (size_t)sprintf(out + o, "\\x%02x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = q;
    out[o] = '\0';
    return o;
}

/* pprint.pprint(data.split(b"\r\n")): one line when it fits in 80
 * columns, else one element per line.  (pprint would also wrap a single
 * element longer than the line; an HTTP header line seldom is.) */
static void pprint_split(const char *data, size_t len)
{
    char *reprs = malloc(len * 4 + 3 * (len + 1) + 1), *r = reprs;
    size_t total = 0, count = 0;
    if (reprs == NULL) {
        return;
    }
    for (size_t start = 0;;) {
        const char *sep = NULL;
        for (size_t i = start; i + 1 < len && sep == NULL; i++) {
            sep = data[i] == '\r' && data[i + 1] == '\n' ? data + i : NULL;
        }
        size_t end = sep != NULL ? (size_t)(sep - data) : len;
        size_t rl = bytes_repr(data + start, end - start, r);
        total += rl + 2;
        r += rl + 1;
        count++;
        if (sep == NULL) {
            break;
        }
        start = end + 2;
    }
    bool one_line = total <= 80;
    putchar('[');
    r = reprs;
    for (size_t k = 0; k < count; k++) {
        printf("%s%s", k == 0 ? "" : one_line ? ", " : ",\n ", r);
        r += strlen(r) + 1;
    }
    printf("]\n");
    free(reprs);
}

static int walkthrough(cssl_socket *conn, const char *hostname)
{
    cssl_cert_info *cert = NULL;
    char request[512], reply[1024];
    /* cert = conn.getpeercert(); pprint.pprint(cert) */
    if (cssl_socket_getpeercert(conn, &cert) < 0) {
        return fail("getpeercert");
    }
    char *text = cssl_cert_info_to_pprint(cert);
    cssl_cert_info_free(cert);
    if (text == NULL) {
        return fail("pprint");
    }
    printf("%s\n", text);
    cssl_free(text);
    int n = snprintf(request, sizeof(request), "HEAD / HTTP/1.0\r\nHost: %s\r\n\r\n", hostname);
    if (cssl_socket_sendall(conn, request, (size_t)n, 0) < 0) {
        return fail("sendall");
    }
    n = cssl_socket_recv(conn, reply, sizeof(reply), 0);
    if (n < 0) {
        return fail("recv");
    }
    pprint_split(reply, (size_t)n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s HOST PORT CAFILE [SERVER_HOSTNAME]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *hostname = argc > 4 ? argv[4] : argv[1];
    int status = 1;
    cssl_socket *conn = NULL;
    cssl_context *ctx =
        cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, argv[3], NULL, NULL, 0);
    if (ctx == NULL) {
        return fail("create_default_context");
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        goto out;
    }
    conn = cssl_context_wrap_socket(ctx, fd, false, true, true, hostname, NULL);
    if (conn == NULL) {
        status = fail("wrap_socket");
        goto out;
    }
    if (cssl_socket_connect_fd(conn, host, atoi(argv[2])) < 0) {
        status = fail("connect");
        goto out;
    }
    status = walkthrough(conn, hostname);
out:
    cssl_socket_free(conn);
    cssl_context_free(ctx);
    return status;
}
