/* cmd_decode.c - placeholder until the command lands. */
#include "cli.h"

int cmd_decode(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "NotImplementedError: cssl %s is not implemented yet\n", argv[0]);
    return CLI_USAGE;
}
