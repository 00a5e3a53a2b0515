/*
 * enum_store.h - the one implementation behind `cssl enum-certificates` and
 * `cssl enum-crls` (cli/enum_store.c). 
 */
#ifndef CSSL_CLI_ENUM_STORE_H
#define CSSL_CLI_ENUM_STORE_H

#include "cli.h"

/* Run `cssl enum-certificates` (crls false) or `cssl enum-crls` (crls
 * true); argv[0] is the command name.  Returns the exit status. */
int cli_enum_store(int argc, char **argv, bool crls);

#endif
