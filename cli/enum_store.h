/*
 * enum_store.h - the one implementation behind `cssl enum-certificates` and
 * `cssl enum-crls` (cli/enum_store.c).  Like every CLI file it rests on
 * <cssl.h> alone.
 */
#ifndef CSSL_CLI_ENUM_STORE_H
#define CSSL_CLI_ENUM_STORE_H

#include "cli.h"

/* Run `cssl enum-certificates` (crls false) or `cssl enum-crls` (crls
 * true); argv[0] is the command name.  Returns the exit status. */
int cli_enum_store(int argc, char **argv, bool crls);

/* SHA-256 (FIPS 180-4) of len bytes, as 64 lower-case hex digits and a NUL:
 * the CLI may not call OpenSSL directly. */
void cli_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
