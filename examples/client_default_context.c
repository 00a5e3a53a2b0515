/*
 * client_default_context.c - a client with the default context, over IPv4
 * or IPv6, whichever the host name resolves to and answers first.
 *
 * The Python it mirrors (ssl docs, "Client socket example with default
 * context and IPv4/IPv6 dual stack"):
 *
 *     import socket, ssl
 *     hostname = 'www.python.org'
 *     context = ssl.create_default_context()
 *     with socket.create_connection((hostname, 443)) as sock:
 *         with context.wrap_socket(sock, server_hostname=hostname) as ssock:
 *             print(ssock.version())
 *
 * Usage: client_default_context HOST PORT [CAFILE]
 * Without CAFILE the system's CA certificates are trusted, as in Python.
 */
#include <stdio.h>
#include <stdlib.h>

#include <cssl.h>

static int fail(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "%s: %s: %s\n", what, cssl_err_name(e->code), e->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s HOST PORT [CAFILE]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);

    /* context = ssl.create_default_context(cafile=CAFILE) */
    cssl_context *ctx = cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH,
                                                    argc > 3 ? argv[3] : NULL, NULL, NULL, 0);
    if (ctx == NULL) {
        return fail("create_default_context");
    }
    /* socket.create_connection() tries every address getaddrinfo() gives,
     * IPv6 and IPv4; server_hostname NULL means the host name itself. */
    cssl_socket *ssock = cssl_socket_connect(ctx, host, port, NULL, -1.0);
    /* The socket holds its own reference to the context. */
    cssl_context_free(ctx);
    if (ssock == NULL) {
        return fail("connect");
    }
    /* print(ssock.version()) */
    printf("%s\n", cssl_socket_version(ssock));
    cssl_socket_free(ssock);
    return 0;
}
