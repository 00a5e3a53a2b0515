/*
 * serve_http.c - the small HTTPS page of `cssl serve --http`.
 *
 * A request ends at its first blank line, CRLF or bare LF (RFC 9112
 * section 2.2 lets a server accept a bare LF as a line terminator, and
 * says blank lines before the request line are ignored).  GET gets the
 * page, HEAD its headers, anything else 405.  The connection stays open
 * after a response only when HTTP/1.1 did not ask "Connection: close" or
 * HTTP/1.0 asked "Connection: keep-alive" (RFC 9112 section 9.3), and never
 * after a request with a body, which this server does not read.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define HEAD_MAX 16384

typedef struct http_request {
    int status;      /* 200, 400, 405 */
    bool head_only;  /* HEAD: headers without the body */
    bool keep_alive; /* the connection goes on after the response */
} http_request;

/* The length of the request head at the start of buf (through the blank
 * line that ends it), 0 while it is incomplete. */
static size_t head_length(const char *buf, size_t len)
{
    size_t pos = 0;
    bool in_head = false;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        if (nl == NULL) {
            return 0;
        }
        size_t line_len = (size_t)(nl - (buf + pos));
        bool blank = line_len == 0 || (line_len == 1 && buf[pos] == '\r');
        pos += line_len + 1;
        if (blank && in_head) {
            return pos;
        }
        in_head = in_head || !blank;
    }
    return 0;
}

/* Does the comma-separated header value hold `token` (case-insensitive)? */
static bool has_token(const char *value, size_t len, const char *token)
{
    size_t tlen = strlen(token), i = 0;
    while (i < len) {
        while (i < len && (value[i] == ' ' || value[i] == '\t' || value[i] == ',')) {
            i++;
        }
        size_t j = i;
        while (j < len && value[j] != ',' && value[j] != ' ' && value[j] != '\t') {
            j++;
        }
        if (j - i == tlen && strncasecmp(value + i, token, tlen) == 0) {
            return true;
        }
        i = j;
    }
    return false;
}

/* One header line (without its line end): Connection, and whether the
 * request has a body (Content-Length other than 0, Transfer-Encoding). */
static void header_line(const char *line, size_t len, http_request *r, bool *has_body)
{
    const char *colon = memchr(line, ':', len);
    if (colon == NULL) {
        r->status = 400;
        return;
    }
    size_t nlen = (size_t)(colon - line);
    const char *value = colon + 1;
    size_t vlen = len - nlen - 1;
    if (nlen == 10 && strncasecmp(line, "Connection", 10) == 0) {
        r->keep_alive = has_token(value, vlen, "keep-alive") ||
                        (r->keep_alive && !has_token(value, vlen, "close"));
    } else if (nlen == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
        *has_body = *has_body || !has_token(value, vlen, "0");
    } else if (nlen == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
        *has_body = true;
    }
}

/* "METHOD TARGET HTTP/1.x": the status and the version's default
 * persistence. */
static void request_line(const char *line, size_t len, http_request *r)
{
    const char *sp1 = memchr(line, ' ', len);
    const char *sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line)) : NULL;
    if (sp1 == NULL || sp2 == NULL || sp2 == sp1 + 1) {
        r->status = 400;
        return;
    }
    const char *version = sp2 + 1;
    size_t vlen = len - (size_t)(version - line);
    if (vlen == 8 && memcmp(version, "HTTP/1.1", 8) == 0) {
        r->keep_alive = true;
    } else if (!(vlen == 8 && memcmp(version, "HTTP/1.0", 8) == 0)) {
        r->status = 400;
        return;
    }
    size_t mlen = (size_t)(sp1 - line);
    r->head_only = mlen == 4 && memcmp(line, "HEAD", 4) == 0;
    if (!r->head_only && !(mlen == 3 && memcmp(line, "GET", 3) == 0)) {
        r->status = 405;
    }
}

static http_request parse_head(const char *buf, size_t len)
{
    http_request r = {.status = 200};
    bool seen_request_line = false, has_body = false;
    size_t pos = 0;
    while (pos < len && r.status == 200) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t line_len = (size_t)(nl - (buf + pos));
        const char *line = buf + pos;
        pos += line_len + 1;
        if (line_len > 0 && line[line_len - 1] == '\r') {
            line_len--;
        }
        if (line_len == 0) {
            if (seen_request_line) {
                break;
            }
            continue;
        }
        if (!seen_request_line) {
            request_line(line, line_len, &r);
            seen_request_line = true;
        } else {
            header_line(line, line_len, &r, &has_body);
        }
    }
    r.keep_alive = r.keep_alive && r.status == 200 && !has_body;
    return r;
}

static const char *reason_phrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 405:
        return "Method Not Allowed";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Bad Request";
    }
}

/* The page names the connection's protocol and cipher: what a visitor of
 * a TLS demo wants to see. */
static int page(const cssl_socket *sock, int status, char *out, size_t size)
{
    cssl_cipher c = {0};
    const char *version = cssl_socket_version(sock);
    if (status != 200) {
        return snprintf(out, size,
                        "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"
                        "<body><h1>%d %s</h1></body></html>\n",
                        status, reason_phrase(status), status, reason_phrase(status));
    }
    if (!cssl_socket_cipher(sock, &c)) {
        c.name = "?";
    }
    return snprintf(out, size,
                    "<!DOCTYPE html>\n<html><head><title>cssl</title></head>"
                    "<body><h1>Hello from cssl</h1><p>%s, %s</p></body></html>\n",
                    version != NULL ? version : "?", c.name);
}

static cssl_err respond(cssl_socket *sock, const http_request *r)
{
    char body[512], msg[1024];
    int blen = page(sock, r->status, body, sizeof(body));
    int n = snprintf(msg, sizeof(msg),
                     "HTTP/1.1 %d %s\r\nServer: cssl/%s\r\n"
                     "Content-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                     "%sConnection: %s\r\n\r\n%s",
                     r->status, reason_phrase(r->status), cssl_version(), blen,
                     r->status == 405 ? "Allow: GET, HEAD\r\n" : "",
                     r->keep_alive ? "keep-alive" : "close", r->head_only ? "" : body);
    /* The page and headers are small; a truncated message would be a bug. */
    n = n < 0 ? 0 : n >= (int)sizeof(msg) ? (int)sizeof(msg) - 1 : n;
    return cssl_socket_sendall(sock, msg, (size_t)n, 0);
}

/* Read until buf holds a whole request head.  Returns its length, 0 when
 * the client closed first, -1 on an error (recorded) and -2 when the head
 * does not fit. */
static long read_head(cssl_socket *sock, char *buf, size_t *have)
{
    for (;;) {
        size_t end = head_length(buf, *have);
        if (end > 0) {
            return (long)end;
        }
        if (*have == HEAD_MAX) {
            return -2;
        }
        int n = cssl_socket_recv(sock, buf + *have, HEAD_MAX - *have, 0);
        if (n <= 0) {
            return n < 0 ? -1 : 0;
        }
        *have += (size_t)n;
    }
}

cssl_err cli_serve_http(cssl_socket *sock)
{
    char *buf = malloc(HEAD_MAX);
    size_t have = 0;
    cssl_err rc = CSSL_OK;
    for (bool more = buf != NULL; more;) {
        long end = read_head(sock, buf, &have);
        if (end <= 0) {
            http_request too_large = {.status = 431};
            rc = end == -2   ? respond(sock, &too_large)
                 : end == -1 ? cssl_last_error()->code
                             : CSSL_OK;
            break;
        }
        http_request r = parse_head(buf, (size_t)end);
        rc = respond(sock, &r);
        more = rc == CSSL_OK && r.keep_alive;
        /* Pipelined requests: what follows this head is the next one. */
        memmove(buf, buf + end, have - (size_t)end);
        have -= (size_t)end;
    }
    free(buf);
    return rc;
}
