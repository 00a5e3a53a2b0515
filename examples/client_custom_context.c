/*
 * client_custom_context.c - a client with a context set up by hand, over
 * IPv4.
 *
 * The Python it mirrors (ssl docs, "Client socket example with custom
 * context and IPv4"):
 *
 *     import socket, ssl
 *     hostname = 'www.python.org'
 *     # PROTOCOL_TLS_CLIENT requires valid cert chain and hostname
 *     context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
 *     context.load_verify_locations('path/to/cabundle.pem')
 *     with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0) as sock:
 *         with context.wrap_socket(sock, server_hostname=hostname) as ssock:
 *             ssock.connect((hostname, 443))
 *             print(ssock.version())
 *
 * Usage: client_custom_context IPV4_ADDRESS PORT CAFILE [SERVER_HOSTNAME]
 * SERVER_HOSTNAME (default: the address) is what the certificate must name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cssl.h>

static int fail(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "%s: %s: %s\n", what, cssl_err_name(e->code), e->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s IPV4_ADDRESS PORT CAFILE [SERVER_HOSTNAME]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *hostname = argc > 4 ? argv[4] : argv[1];
    int port = atoi(argv[2]), status = 1;
    cssl_socket *ssock = NULL;

    /* PROTOCOL_TLS_CLIENT: CERT_REQUIRED and check_hostname from the start,
     * but no CA certificates until we load some. */
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT);
    if (ctx == NULL) {
        return fail("SSLContext");
    }
    if (cssl_context_load_verify_locations(ctx, argv[3], NULL, NULL, 0) < 0) {
        status = fail("load_verify_locations");
        goto out;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        goto out;
    }
    /* wrap_socket() before connect(): the handshake happens in connect().
     * The cssl_socket owns fd from here on; a refused argument (say an
     * empty server_hostname) leaves it to us, as Python leaves the socket. */
    ssock = cssl_context_wrap_socket(ctx, fd, false, true, true, hostname, NULL);
    if (ssock == NULL) {
        status = fail("wrap_socket");
        if (cssl_last_error()->code == CSSL_E_VALUE) {
            close(fd);
        }
        goto out;
    }
    if (cssl_socket_connect_fd(ssock, host, port) < 0) {
        status = fail("connect");
        goto out;
    }
    printf("%s\n", cssl_socket_version(ssock));
    status = 0;
out:
    cssl_socket_free(ssock);
    cssl_context_free(ctx);
    return status;
}
