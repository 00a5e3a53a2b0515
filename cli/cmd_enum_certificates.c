/* cmd_enum_certificates.c - placeholder until the command lands. */
#include "cli.h"

int cmd_enum_certificates(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "NotImplementedError: cssl %s is not implemented yet\n", argv[0]);
    return CLI_USAGE;
}
