/*
 * cli.h - what the cssl command's files share.  The CLI includes only
 * <cssl.h> from the library: it proves the public API is enough.
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

#endif
