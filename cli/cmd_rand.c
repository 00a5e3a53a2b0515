/*
 * cmd_rand.c - `cssl rand`: ssl.RAND_bytes(N), RAND_pseudo_bytes(N) (removed
 * in Python 3.12) and RAND_status().
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("usage: cssl rand N [--pseudo] [--hex | --raw]\n"
           "       cssl rand --status\n\n"
           "Print N bytes from ssl.RAND_bytes(N): as one line of lower-case hex\n"
           "(--hex, the default; an empty line for N = 0) or as the raw bytes\n"
           "(--raw, no newline).\n\n"
           "--pseudo   use RAND_pseudo_bytes(N) (deprecated in Python 3.6, removed\n"
           "           in 3.12) and print whether the bytes are cryptographically\n"
           "           strong, True or False as Python shows it: on a second line\n"
           "           after the hex, or on standard error with --raw.\n"
           "--status   print RAND_status(): True when the generator is seeded.\n\n"
           "A negative N is Python's ValueError: num must be positive (exit 2).\n");
}

struct rand_args {
    long num;
    bool have_num, pseudo, raw, status;
};

static bool parse_num(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < INT_MIN || v > INT_MAX) {
        return false;
    }
    *out = v;
    return true;
}

static int parse_args(int argc, char **argv, struct rand_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--pseudo") == 0) {
            a->pseudo = true;
        } else if (strcmp(arg, "--raw") == 0) {
            a->raw = true;
        } else if (strcmp(arg, "--hex") == 0) {
            a->raw = false;
        } else if (strcmp(arg, "--status") == 0) {
            a->status = true;
        } else if (!a->have_num && parse_num(arg, &a->num)) {
            a->have_num = true;
        } else {
            return cli_usage_error("rand", "unexpected argument '%s'", arg);
        }
    }
    if (a->status ? a->have_num || a->pseudo : !a->have_num) {
        return cli_usage_error("rand", "expected N, or --status alone");
    }
    return CLI_OK;
}

static int generate(const struct rand_args *a, unsigned char *buf, bool *strong)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    if (a->pseudo) {
        return cssl_rand_pseudo_bytes(buf, (int)a->num, strong);
    }
#pragma GCC diagnostic pop
    *strong = true;
    return cssl_rand_bytes(buf, (int)a->num);
}

static void print_bytes(const struct rand_args *a, const unsigned char *buf, bool strong)
{
    size_t n = (size_t)a->num;
    if (a->raw) {
        fwrite(buf, 1, n, stdout);
    } else {
        for (size_t i = 0; i < n; i++) {
            printf("%02x", buf[i]);
        }
        putchar('\n');
    }
    if (a->pseudo) {
        fprintf(a->raw ? stderr : stdout, "%s\n", strong ? "True" : "False");
    }
}

int cmd_rand(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        help();
        return CLI_OK;
    }
    struct rand_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc != CLI_OK) {
        return rc;
    }
    if (a.status) {
        printf("%s\n", cssl_rand_status() ? "True" : "False");
        return CLI_OK;
    }
    unsigned char *buf = malloc(a.num > 0 ? (size_t)a.num : 1);
    if (buf == NULL) {
        fprintf(stderr, "MemoryError\n");
        return CLI_CHECK_FAILED;
    }
    bool strong = false;
    if (generate(&a, buf, &strong) < 0) {
        free(buf);
        return cli_fail();
    }
    print_bytes(&a, buf, strong);
    free(buf);
    return CLI_OK;
}
