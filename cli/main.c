/*
 * main.c - the cssl command: one program over the library, for people and
 * for tests.  Each command lives in cmd_<name>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"version", cmd_version, "OpenSSL's version (ssl.OPENSSL_VERSION) and cssl's"},
    {"constants", cmd_constants, "the constant collections and HAS_* flags"},
    {"decode", cmd_decode, "decode a certificate file (ssl._ssl._test_decode_cert)"},
    {"match-hostname", cmd_match_hostname, "ssl.match_hostname(cert, hostname)"},
    {"cert-time", cmd_cert_time, "ssl.cert_time_to_seconds(STRING)"},
    {"der2pem", cmd_der2pem, "ssl.DER_cert_to_PEM_cert"},
    {"pem2der", cmd_pem2der, "ssl.PEM_cert_to_DER_cert"},
    {"default-verify-paths", cmd_default_verify_paths, "ssl.get_default_verify_paths()"},
    {"rand", cmd_rand, "ssl.RAND_bytes / RAND_pseudo_bytes / RAND_status"},
    {"enum-certificates", cmd_enum_certificates, "ssl.enum_certificates(STORE)"},
    {"enum-crls", cmd_enum_crls, "ssl.enum_crls(STORE)"},
    {"get-server-certificate", cmd_get_server_certificate,
     "ssl.get_server_certificate((HOST, PORT))"},
    {"connect", cmd_connect, "a TLS client from ssl.create_default_context()"},
    {"serve", cmd_serve, "a TLS echo / HTTPS server (Purpose.CLIENT_AUTH context)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: cssl COMMAND [ARGS...]\n\n"
                 "Python's ssl module on the command line, over OpenSSL 3.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        fprintf(out, "  %-22s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(out, "\n'cssl COMMAND --help' describes one command.\n"
                 "Exit status: 0 success, 1 the check failed, 2 bad usage or bad input.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (cli_is_help(argv[1])) {
        usage(stdout);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "cssl: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
