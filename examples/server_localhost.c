/*
 * server_localhost.c - a server on localhost, over IPv4, that echoes what
 * each client sends.
 *
 * The Python it mirrors (ssl docs, "Server socket example listening on
 * localhost IPv4" and "Server-side operation"):
 *
 *     context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
 *     context.load_cert_chain('/path/to/certchain.pem', '/path/to/private.key')
 *     with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0) as sock:
 *         sock.bind(('127.0.0.1', 8443))
 *         sock.listen(5)
 *         with context.wrap_socket(sock, server_side=True) as ssock:
 *             conn, addr = ssock.accept()
 *             deal_with_client(conn)
 *
 *     def deal_with_client(connstream):
 *         data = connstream.recv(1024)
 *         # empty data means the client is finished with us
 *         while data:
 *             connstream.sendall(data)
 *             data = connstream.recv(1024)
 *
 * Usage: server_localhost CERTFILE KEYFILE [PORT [CONNECTIONS]]
 * PORT 0 (the default) picks a free port; the program prints
 * "listening on 127.0.0.1:PORT" and serves CONNECTIONS clients (default 1)
 * one after the other.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <cssl.h>

static void report(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "%s: %s: %s\n", what, cssl_err_name(e->code), e->message);
}

/* The port the kernel chose, for PORT 0. */
static int bound_port(int fd)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    if (getsockname(fd, (struct sockaddr *)&sin, &len) != 0) {
        return -1;
    }
    return ntohs(sin.sin_port);
}

/* Echo until the client is finished with us (recv() returns b''). */
static int deal_with_client(cssl_socket *conn)
{
    char data[1024];
    int n;
    while ((n = cssl_socket_recv(conn, data, sizeof(data), 0)) > 0) {
        if (cssl_socket_sendall(conn, data, (size_t)n, 0) < 0) {
            return -1;
        }
    }
    return n;
}

static int serve(cssl_socket *ssock, int connections)
{
    int failures = 0;
    for (int i = 0; i < connections; i++) {
        /* conn, addr = ssock.accept(): the handshake happens here. */
        cssl_socket *conn = cssl_socket_accept(ssock);
        if (conn == NULL || deal_with_client(conn) < 0) {
            report("connection");
            failures++;
        }
        cssl_socket_free(conn);
    }
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s CERTFILE KEYFILE [PORT [CONNECTIONS]]\n", argv[0]);
        return 2;
    }
    int port = argc > 3 ? atoi(argv[3]) : 0, connections = argc > 4 ? atoi(argv[4]) : 1;
    int status = 1;
    cssl_socket *ssock = NULL;
    cssl_context *ctx = cssl_create_default_context(CSSL_PURPOSE_CLIENT_AUTH, NULL, NULL, NULL, 0);
    if (ctx == NULL) {
        report("create_default_context");
        return 1;
    }
    if (cssl_context_load_cert_chain(ctx, argv[1], argv[2], NULL) < 0) {
        report("load_cert_chain");
        goto out;
    }
    /* bind(('127.0.0.1', port)), listen(5), wrap_socket(server_side=True) */
    ssock = cssl_socket_listen(ctx, "127.0.0.1", port, 5);
    if (ssock == NULL) {
        report("listen");
        goto out;
    }
    printf("listening on 127.0.0.1:%d\n", bound_port(cssl_socket_fileno(ssock)));
    fflush(stdout);
    status = serve(ssock, connections);
out:
    cssl_socket_free(ssock);
    cssl_context_free(ctx);
    return status;
}
