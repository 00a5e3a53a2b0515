/*
 * cli.h - what the cssl command's files share.  The CLI includes only
 * <cssl.h> from the library: it proves the public API is enough.  It
 * takes digests and base64 from libcrypto, which cssl does not wrap, and
 * frees its per-thread state in `cssl serve`.
 *
 * Exit status: 0 success, 1 the check failed (no match, verification
 * failed, peer refused), 2 bad usage or bad input.  Errors go to stderr as
 * "ErrorName: message".
 */
#ifndef CSSL_CLI_H
#define CSSL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cssl.h>

enum { CLI_OK = 0, CLI_CHECK_FAILED = 1, CLI_USAGE = 2 };

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
} cli_command;

/* Print cssl_last_error() as "ErrorName: message" and return the exit
 * status for it: CLI_CHECK_FAILED for verification / TLS / OS failures,
 * CLI_USAGE for bad input (ValueError, TypeError). */
int cli_fail(void);

/* Print "cssl CMD: message" and a hint to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True if argv[i] is -h or --help. */
bool cli_is_help(const char *arg);

/* Read a whole file ("-" or NULL: standard input) into a malloc'd buffer
 * (free()), NUL-terminated; *len gets the size.  On failure prints
 * "OSError: [Errno N] ..." and returns NULL. */
char *cli_read_input(const char *path, size_t *len);

/* One character of text Python decodes as UTF-8 with surrogateescape (file
 * names, the environment: os.fsdecode()): the code point of the strict
 * UTF-8 sequence at s (avail > 0 bytes) with *n set to its length, or, for
 * a byte that starts none (overlong forms, encoded surrogates, code points
 * above U+10FFFF and cut sequences included), the lone surrogate
 * U+DC00 + byte that stands for it, with *n = 1. */
uint32_t cli_utf8_next(const unsigned char *s, size_t avail, size_t *n);

/* json.dumps(str) (ensure_ascii) of the Python str these bytes decode to
 * under cli_utf8_next(): '\udcff' for an undecodable 0xff byte. */
void cli_json_str(FILE *out, const char *s, size_t len);

/* The commands, one file each (cmd_<name>.c). */
int cmd_version(int argc, char **argv);
int cmd_constants(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_match_hostname(int argc, char **argv);
int cmd_cert_time(int argc, char **argv);
int cmd_der2pem(int argc, char **argv);
int cmd_pem2der(int argc, char **argv);
int cmd_default_verify_paths(int argc, char **argv);
int cmd_rand(int argc, char **argv);
int cmd_enum_certificates(int argc, char **argv);
int cmd_enum_crls(int argc, char **argv);
int cmd_get_server_certificate(int argc, char **argv);
int cmd_connect(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* ---- shared by connect and serve (tls_opts.c) ------------------------- */

#define CLI_MAX_ALPN 16

/* The options of `cssl connect` and `cssl serve` (CONTRACT.md, "The command
 * line").  NULL / false / negative when not given. */
typedef struct cli_tls_opts {
    const char *cafile, *capath, *cert, *key, *password, *sni, *ciphers;
    const char *alpn[CLI_MAX_ALPN];
    size_t alpn_count;
    int min_version, max_version; /* CSSL_TLSVERSION_*, 0 when not given */
    bool no_verify;               /* client: CERT_NONE, no host name check */
    bool verify_client;           /* server: CERT_REQUIRED */
    const char *host;
    int port;                     /* -1 when not given */
    double timeout;               /* < 0: block */
} cli_tls_opts;

/* Defaults (nothing given), and the release of what parsing allocated. */
void cli_tls_opts_init(cli_tls_opts *o);
void cli_tls_opts_free(cli_tls_opts *o);

/* If argv[*i] is one of the shared options, store it (reading its value
 * from "--opt=value" or argv[*i + 1], advancing *i) and return 1; return 0
 * when it is no shared option and -1 (a usage error printed) when its value
 * is missing or bad. */
int cli_tls_option(const char *cmd, int argc, char **argv, int *i, cli_tls_opts *o);

/* The value of option `name` at argv[*i] ("--name VALUE" or
 * "--name=VALUE"), advancing *i; NULL when argv[*i] is not that option.
 * *missing is set when the option is there without a value. */
const char *cli_option_value(const char *name, int argc, char **argv, int *i, bool *missing);

/* A port number 0-65535 or a timeout in seconds; false when s is not one. */
bool cli_parse_port(const char *s, int *port);
bool cli_parse_timeout(const char *s, double *timeout);

/* create_default_context(purpose, cafile, capath) configured from o; NULL
 * after printing the error (cli_fail()). */
cssl_context *cli_tls_context(cssl_purpose purpose, const cli_tls_opts *o);

/* `cssl serve --http` (serve_http.c): answer HTTP requests on a
 * handshaken server socket until the client closes or a request asks for
 * the end of the connection.  0, or the error (already recorded). */
cssl_err cli_serve_http(cssl_socket *sock);

/* SHA-256 of len bytes (libcrypto's) as 64 lower-case hex digits and a
 * NUL; "" if the digest failed. */
void cli_sha256_hex(const void *data, size_t len, char hex[65]);

/* repr() of an ASCII / UTF-8 str, or "None" for NULL. */
void cli_repr_str(FILE *out, const char *s);

#endif
