/* cmd_enum_certificates.c - `cssl enum-certificates STORE [--json]`:
 * ssl.enum_certificates(STORE) (see cli/enum_store.c). */
#include "enum_store.h"

int cmd_enum_certificates(int argc, char **argv)
{
    return cli_enum_store(argc, argv, false);
}
