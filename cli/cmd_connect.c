/*
 * cmd_connect.c - `cssl connect HOST PORT [options] [--json] [--send TEXT]`.
 *
 * The client of Python's ssl docs ("Client-side operation"):
 *
 *     ctx = ssl.create_default_context(cafile=..., capath=...)
 *     with socket.create_connection((host, port), timeout) as sock:
 *         with ctx.wrap_socket(sock, server_hostname=sni or host) as ssock:
 *             pprint.pprint(ssock.getpeercert())
 *
 * printing version(), cipher(), selected_alpn_protocol(), session_reused,
 * server_hostname and getpeercert().  --json prints one object with those
 * keys plus peercert_der_sha256, the hex SHA-256 of
 * getpeercert(binary_form=True) (libcrypto computes it: cssl has no hash
 * API, as Python's ssl has none).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>


#include "cli.h"

static const char USAGE[] =
    "usage: cssl connect HOST PORT [options] [--json] [--send TEXT]\n"
    "\n"
    "Connect with a client context from ssl.create_default_context() and print\n"
    "the connection's version, cipher, ALPN protocol, session reuse and the\n"
    "peer's certificate (getpeercert(), pretty-printed as pprint does).\n"
    "\n"
    "options:\n"
    "  --cafile F, --capath D    trust these CAs instead of the system's\n"
    "  --cert F [--key F] [--password P]   present a client certificate\n"
    "  --sni NAME, --server-hostname NAME  server_hostname (default: HOST)\n"
    "  --alpn P[,P...]           ALPN protocols to offer (repeatable)\n"
    "  --min-version V, --max-version V    TLSv1.2, TLSv1.3, ...\n"
    "  --ciphers LIST            OpenSSL cipher list (TLS 1.2 and below)\n"
    "  --no-verify               CERT_NONE, no host name check (INSECURE)\n"
    "  --timeout S               socket timeout in seconds (default: none)\n"
    "  --json                    one JSON object: version, cipher, alpn,\n"
    "                            session_reused, server_hostname, peercert,\n"
    "                            peercert_der_sha256\n"
    "  --send TEXT               after the handshake write TEXT, close the\n"
    "                            sending side and print what comes back until\n"
    "                            the peer closes (after the --json object)\n"
    "\n"
    "Exit status: 0 connected, 1 the connection or verification failed, 2 bad usage.\n";

typedef struct connect_args {
    cli_tls_opts tls;
    const char *host;
    int port;
    bool json;
    const char *send;
} connect_args;

/* Positional HOST PORT (--host / --port fill in what they leave out). */
static int take_positional(connect_args *a, const char *arg, int *npos)
{
    if (*npos == 0) {
        a->host = arg;
    } else if (*npos == 1) {
        if (!cli_parse_port(arg, &a->port)) {
            return cli_usage_error("connect", "bad port '%s'", arg);
        }
    } else {
        return cli_usage_error("connect", "unexpected argument '%s'", arg);
    }
    *npos += 1;
    return -1;
}

/* Returns -1 to go on, or the exit status (help, usage error). */
static int parse(int argc, char **argv, connect_args *a)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_is_help(argv[i])) {
            fputs(USAGE, stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--json") == 0) {
            a->json = true;
            continue;
        }
        const char *send = cli_option_value("--send", argc, argv, &i, &missing);
        if (missing) {
            return cli_usage_error("connect", "--send needs a value");
        }
        if (send != NULL) {
            a->send = send;
            continue;
        }
        int r = cli_tls_option("connect", argc, argv, &i, &a->tls);
        if (r < 0) {
            return CLI_USAGE;
        }
        if (r == 0 && argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("connect", "unknown option '%s'", argv[i]);
        }
        if (r == 0 && (r = take_positional(a, argv[i], &npos)) >= 0) {
            return r;
        }
    }
    return -1;
}

/* Everything the output shows, read from the socket once. */
typedef struct conn_info {
    const char *version, *alpn, *server_hostname;
    cssl_cipher cipher;
    bool has_cipher;
    int session_reused;
    cssl_cert_info *cert; /* NULL: the peer sent none (Python's None) */
    char sha256[65];      /* "" when the peer sent no certificate */
} conn_info;

static cssl_err read_info(const cssl_socket *sock, conn_info *ci)
{
    unsigned char *der = NULL;
    size_t der_len = 0;
    memset(ci, 0, sizeof(*ci));
    ci->version = cssl_socket_version(sock);
    ci->alpn = cssl_socket_selected_alpn_protocol(sock);
    ci->server_hostname = cssl_socket_server_hostname(sock);
    ci->has_cipher = cssl_socket_cipher(sock, &ci->cipher);
    ci->session_reused = cssl_socket_session_reused(sock);
    if (cssl_socket_getpeercert(sock, &ci->cert) < 0 ||
        cssl_socket_getpeercert_der(sock, &der, &der_len) < 0) {
        return cssl_last_error()->code;
    }
    if (der != NULL) {
        cli_sha256_hex(der, der_len, ci->sha256);
    }
    cssl_free(der);
    return CSSL_OK;
}

static void json_str_or_null(const char *s)
{
    if (s == NULL) {
        fputs("null", stdout);
    } else {
        cli_json_str(stdout, s, strlen(s));
    }
}

static int print_json(const conn_info *ci)
{
    char *cert = ci->cert != NULL ? cssl_cert_info_to_json(ci->cert) : NULL;
    if (ci->cert != NULL && cert == NULL) {
        return cli_fail();
    }
    fputs("{\"version\": ", stdout);
    json_str_or_null(ci->version);
    fputs(", \"cipher\": ", stdout);
    if (ci->has_cipher) {
        fputc('[', stdout);
        json_str_or_null(ci->cipher.name);
        fputs(", ", stdout);
        json_str_or_null(ci->cipher.protocol);
        printf(", %d]", ci->cipher.secret_bits);
    } else {
        fputs("null", stdout);
    }
    fputs(", \"alpn\": ", stdout);
    json_str_or_null(ci->alpn);
    printf(", \"session_reused\": %s", ci->session_reused > 0 ? "true" : "false");
    fputs(", \"server_hostname\": ", stdout);
    json_str_or_null(ci->server_hostname);
    printf(", \"peercert\": %s, \"peercert_der_sha256\": ", cert != NULL ? cert : "null");
    json_str_or_null(ci->sha256[0] != '\0' ? ci->sha256 : NULL);
    fputs("}\n", stdout);
    cssl_free(cert);
    return CLI_OK;
}

/* The text form: Python's repr() of each value, the certificate as
 * pprint.pprint(ssock.getpeercert()) shows it (seed 003). */
static int print_text(const conn_info *ci, const connect_args *a)
{
    char *cert = ci->cert != NULL ? cssl_cert_info_to_pprint(ci->cert) : NULL;
    if (ci->cert != NULL && cert == NULL) {
        return cli_fail();
    }
    printf("connected to %s port %d\nversion: ", a->host, a->port);
    cli_repr_str(stdout, ci->version);
    fputs("\ncipher: ", stdout);
    if (ci->has_cipher) {
        fputc('(', stdout);
        cli_repr_str(stdout, ci->cipher.name);
        fputs(", ", stdout);
        cli_repr_str(stdout, ci->cipher.protocol);
        printf(", %d)", ci->cipher.secret_bits);
    } else {
        fputs("None", stdout);
    }
    fputs("\nALPN protocol: ", stdout);
    cli_repr_str(stdout, ci->alpn);
    printf("\nsession reused: %s\nserver hostname: ", ci->session_reused > 0 ? "True" : "False");
    cli_repr_str(stdout, ci->server_hostname);
    printf("\npeer certificate SHA-256: %s\npeer certificate (getpeercert()):\n%s\n",
           ci->sha256[0] != '\0' ? ci->sha256 : "None", cert != NULL ? cert : "None");
    cssl_free(cert);
    return CLI_OK;
}

/*
 * --send: sendall(TEXT), then end our direction of the TCP stream (as
 * `ncat` does at the end of its input) so that an echo server sees the end
 * of the data, and print what comes back until the peer closes (recv()
 * returning b'', clean close or a ragged EOF as suppress_ragged_eofs
 * makes it).
 */
static int send_and_print(cssl_socket *sock, const char *text)
{
    char buf[16384];
    if (cssl_socket_sendall(sock, text, strlen(text), 0) < 0) {
        return cli_fail();
    }
    shutdown(cssl_socket_fileno(sock), SHUT_WR);
    for (;;) {
        int n = cssl_socket_recv(sock, buf, sizeof(buf), 0);
        if (n < 0) {
            fflush(stdout);
            return cli_fail();
        }
        if (n == 0) {
            break;
        }
        fwrite(buf, 1, (size_t)n, stdout);
        fflush(stdout);
    }
    return CLI_OK;
}

static int run(const connect_args *a)
{
    int status = CLI_CHECK_FAILED;
    conn_info ci = {0};
    cssl_socket *sock = NULL;
    cssl_context *ctx = cli_tls_context(CSSL_PURPOSE_SERVER_AUTH, &a->tls);
    if (ctx == NULL) {
        return CLI_CHECK_FAILED;
    }
    sock = cssl_socket_connect(ctx, a->host, a->port, a->tls.sni, a->tls.timeout);
    if (sock == NULL || read_info(sock, &ci) < 0) {
        status = cli_fail();
        goto out;
    }
    status = a->json ? print_json(&ci) : print_text(&ci, a);
    fflush(stdout);
    if (status == CLI_OK && a->send != NULL) {
        status = send_and_print(sock, a->send);
    }
out:
    cssl_cert_info_free(ci.cert);
    cssl_socket_free(sock);
    cssl_context_free(ctx);
    return status;
}

int cmd_connect(int argc, char **argv)
{
    connect_args a = {.port = -1};
    cli_tls_opts_init(&a.tls);
    int status = parse(argc, argv, &a);
    if (status < 0) {
        if (a.tls.host != NULL && a.host == NULL) {
            a.host = a.tls.host;
        }
        if (a.tls.port >= 0 && a.port < 0) {
            a.port = a.tls.port;
        }
        if (a.host == NULL || a.port < 0) {
            status = cli_usage_error("connect", "HOST and PORT are required");
        } else {
            /* A peer that closes while we write must be an error, not a
             * SIGPIPE death; Python ignores SIGPIPE at start-up too. */
            signal(SIGPIPE, SIG_IGN);
            status = run(&a);
        }
    }
    cli_tls_opts_free(&a.tls);
    return status;
}
