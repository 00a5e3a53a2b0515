/*
 * cmd_get_server_certificate.c - `cssl get-server-certificate HOST PORT
 * [--ca-certs F] [--timeout S]`: print
 * ssl.get_server_certificate((HOST, PORT), ca_certs=F, timeout=S), the PEM
 * of the server's certificate, verified only when --ca-certs is given.
 */
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: cssl get-server-certificate HOST PORT [--ca-certs F] [--timeout S]\n"
    "\n"
    "Print the PEM of the certificate the server at HOST:PORT presents\n"
    "(Python's ssl.get_server_certificate((HOST, PORT))).  It is verified\n"
    "against the CA certificates in F only when --ca-certs is given; --timeout\n"
    "bounds the connection and handshake (default: none).\n"
    "\n"
    "Exit status: 0 printed, 1 the connection or verification failed, 2 bad usage.\n";

typedef struct gsc_args {
    const char *host;
    int port;
    const char *ca_certs;
    double timeout;
} gsc_args;

/* One argument at argv[*i]: -1 to go on, else the exit status. */
static int parse_one(int argc, char **argv, int *i, int *npos, gsc_args *a)
{
    bool missing = false;
    const char *v = NULL;
    if ((v = cli_option_value("--ca-certs", argc, argv, i, &missing)) != NULL) {
        a->ca_certs = v;
    } else if (!missing && (v = cli_option_value("--timeout", argc, argv, i, &missing)) != NULL) {
        if (!cli_parse_timeout(v, &a->timeout)) {
            return cli_usage_error("get-server-certificate", "bad timeout '%s'", v);
        }
    } else if (missing) {
        return cli_usage_error("get-server-certificate", "%s needs a value", argv[*i]);
    } else if (argv[*i][0] == '-' && argv[*i][1] != '\0') {
        return cli_usage_error("get-server-certificate", "unknown option '%s'", argv[*i]);
    } else if (*npos == 0) {
        a->host = argv[*i];
        *npos += 1;
    } else if (*npos == 1 && cli_parse_port(argv[*i], &a->port)) {
        *npos += 1;
    } else {
        return cli_usage_error("get-server-certificate", "unexpected argument '%s'", argv[*i]);
    }
    return -1;
}

int cmd_get_server_certificate(int argc, char **argv)
{
    gsc_args a = {.port = -1, .timeout = -1.0};
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(USAGE, stdout);
            return CLI_OK;
        }
        int status = parse_one(argc, argv, &i, &npos, &a);
        if (status >= 0) {
            return status;
        }
    }
    if (npos != 2) {
        return cli_usage_error("get-server-certificate", "HOST and PORT are required");
    }
    char *pem = cssl_get_server_certificate(a.host, a.port, CSSL_PROTOCOL_TLS_CLIENT, a.ca_certs,
                                            a.timeout);
    if (pem == NULL) {
        return cli_fail();
    }
    fputs(pem, stdout);
    cssl_free(pem);
    return CLI_OK;
}
