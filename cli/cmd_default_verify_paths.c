/* cmd_default_verify_paths.c - placeholder until the command lands. */
#include "cli.h"

int cmd_default_verify_paths(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "NotImplementedError: cssl %s is not implemented yet\n", argv[0]);
    return CLI_USAGE;
}
