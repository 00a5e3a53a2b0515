/* cmd_enum_crls.c - `cssl enum-crls STORE [--json]`: ssl.enum_crls(STORE)
 * (see cli/enum_store.c). */
#include "enum_store.h"

int cmd_enum_crls(int argc, char **argv)
{
    return cli_enum_store(argc, argv, true);
}
