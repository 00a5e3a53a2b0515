/*
 * standalone_main.c - runs a fuzz target without libFuzzer, for ctest.
 *
 *   fuzz_standalone_<target> [-n MUTATIONS] [-s SEED] PATH...
 *
 * Every file in each PATH (a file, or a directory's regular files) is one
 * input; missing paths are skipped so that a target without regression
 * inputs needs no special case.  After the inputs themselves come MUTATIONS
 * deterministic mutations of them (bit flips, byte changes, truncations,
 * insertions, deletions, splices of two inputs) from a seeded PRNG, so a
 * failure is reproduced by running the same command again.  A crash writes
 * the input to ./crash-standalone-<pid> before dying.
 */
#include "fuzz_common.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FZ_MAX_INPUT (64 * 1024)

typedef struct input {
    uint8_t *data;
    size_t len;
} input;

static input *inputs;
static size_t n_inputs;

/* The input being run, for the crash handler. */
static const uint8_t *current;
static size_t current_len;

/* ---- the crash report: async-signal-safe calls only ------------------- */

static void save_current(void)
{
    char path[64] = "crash-standalone-";
    char digits[24];
    size_t n = 0, at = strlen(path);
    for (unsigned long pid = (unsigned long)getpid(); n == 0 || pid > 0; pid /= 10) {
        digits[n++] = (char)('0' + pid % 10);
    }
    while (n > 0) {
        path[at++] = digits[--n];
    }
    path[at] = '\0';
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return;
    }
    static const char msg[] = "standalone: the failing input was saved to ./";
    ssize_t w = current_len > 0 ? write(fd, current, current_len) : 0;
    close(fd);
    path[at++] = '\n';
    w = write(2, msg, sizeof(msg) - 1);
    w = write(2, path, at);
    (void)w;
}

static void on_signal(int sig)
{
    save_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* AddressSanitizer exits without a signal; it calls this hook first when
 * the sanitizer runtime is linked in. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void install_crash_handlers(void)
{
    static const int sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        signal(sigs[i], on_signal);
    }
    if (__sanitizer_set_death_callback != NULL) {
        __sanitizer_set_death_callback(save_current);
    }
}

/* ---- inputs ------------------------------------------------------------ */

static void add_input(const uint8_t *data, size_t len)
{
    static size_t cap;
    if (n_inputs == cap) {
        cap = cap ? 2 * cap : 64;
        inputs = realloc(inputs, cap * sizeof(*inputs));
        FZ_CHECK(inputs != NULL, "out of memory");
    }
    inputs[n_inputs].data = malloc(len ? len : 1);
    FZ_CHECK(inputs[n_inputs].data != NULL, "out of memory");
    if (len > 0) {
        memcpy(inputs[n_inputs].data, data, len);
    }
    inputs[n_inputs++].len = len;
}

static void load_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    FZ_CHECK(f != NULL, "cannot open %s", path);
    uint8_t *buf = malloc(FZ_MAX_INPUT);
    FZ_CHECK(buf != NULL, "out of memory");
    size_t len = fread(buf, 1, FZ_MAX_INPUT, f);
    fclose(f);
    add_input(buf, len);
    free(buf);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's regular files, in name order so runs are reproducible. */
static void load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    FZ_CHECK(d != NULL, "cannot read %s", dir);
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') {
            continue;
        }
        names = realloc(names, (n + 1) * sizeof(*names));
        FZ_CHECK(names != NULL, "out of memory");
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        FZ_CHECK(names[n] != NULL, "out of memory");
        sprintf(names[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            load_file(names[i]);
        }
        free(names[i]);
    }
    free(names);
}

static void load_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        load_dir(path);
    } else {
        load_file(path);
    }
}

/* ---- deterministic mutations ------------------------------------------- */

static uint64_t rng_state;

/* xorshift64*: small, fast, and the same sequence everywhere. */
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static size_t below(size_t n)
{
    return n == 0 ? 0 : (size_t)(rng() % n);
}

/* Bytes the parsers care about: structure, escapes, PEM armour. */
static const char *const tokens[] = {"\x00",
                                     "\xff",
                                     "\x80",
                                     "\x30\x82",
                                     "\x30\x80",
                                     "\x81\xff",
                                     "\n",
                                     "\r\n",
                                     " ",
                                     "\"",
                                     "\\",
                                     "\\u0000",
                                     "\\ud800",
                                     "{",
                                     "}",
                                     "[",
                                     "]",
                                     ",",
                                     ":",
                                     "*",
                                     ".",
                                     "-----BEGIN CERTIFICATE-----",
                                     "-----END CERTIFICATE-----",
                                     "=",
                                     "==",
                                     "GMT",
                                     "Feb 29",
                                     "DNS",
                                     "IP Address",
                                     "commonName",
                                     "subjectAltName",
                                     "\xc3\xa9",
                                     "\xf0\x9f\x98\x80"};

/* One mutation of buf (len bytes, capacity FZ_MAX_INPUT); returns the new length. */
static size_t mutate(uint8_t *buf, size_t len)
{
    size_t pos = below(len + 1);
    switch (rng() % 7) {
    case 0: /* flip a bit */
        if (len > 0) {
            buf[pos % len] ^= (uint8_t)(1u << below(8));
        }
        return len;
    case 1: /* set a byte */
        if (len > 0) {
            buf[pos % len] = (uint8_t)rng();
        }
        return len;
    case 2: /* truncate */
        return pos;
    case 3: { /* delete a range */
        size_t n = below(len - pos + 1);
        memmove(buf + pos, buf + pos + n, len - pos - n);
        return len - n;
    }
    case 4: { /* insert a token */
        const char *t = tokens[below(sizeof(tokens) / sizeof(tokens[0]))];
        size_t n = t[0] ? strlen(t) : 1;
        if (len + n > FZ_MAX_INPUT) {
            return len;
        }
        memmove(buf + pos + n, buf + pos, len - pos);
        memcpy(buf + pos, t, n);
        return len + n;
    }
    case 5: { /* splice: our head, another input's tail */
        const input *o = &inputs[below(n_inputs)];
        size_t from = below(o->len + 1), n = o->len - from;
        n = pos + n > FZ_MAX_INPUT ? FZ_MAX_INPUT - pos : n;
        memcpy(buf + pos, o->data + from, n);
        return pos + n;
    }
    default: { /* duplicate a range */
        size_t n = below(len - pos + 1);
        if (len + n > FZ_MAX_INPUT) {
            return len;
        }
        memmove(buf + pos + n, buf + pos, len - pos);
        return len + n;
    }
    }
}

/* ---- running ------------------------------------------------------------ */

static void run_one(const uint8_t *data, size_t len)
{
    /* An exactly-sized heap copy, so that reads past the end are caught. */
    uint8_t *copy = malloc(len ? len : 1);
    FZ_CHECK(copy != NULL, "out of memory");
    if (len > 0) {
        memcpy(copy, data, len);
    }
    current = copy;
    current_len = len;
    (void)LLVMFuzzerTestOneInput(copy, len);
    free(copy);
}

static void run_mutations(unsigned long count)
{
    uint8_t *buf = malloc(FZ_MAX_INPUT);
    FZ_CHECK(buf != NULL, "out of memory");
    for (unsigned long i = 0; i < count; i++) {
        const input *in = &inputs[below(n_inputs)];
        memcpy(buf, in->data, in->len);
        size_t len = in->len;
        for (size_t k = 1 + below(4); k > 0; k--) {
            len = mutate(buf, len);
        }
        run_one(buf, len);
    }
    free(buf);
}

int main(int argc, char **argv)
{
    unsigned long mutations = 3000;
    unsigned long long seed = 1;
    int opt;
    while ((opt = getopt(argc, argv, "n:s:")) != -1) {
        switch (opt) {
        case 'n':
            mutations = strtoul(optarg, NULL, 10);
            break;
        case 's':
            seed = strtoull(optarg, NULL, 10);
            break;
        default:
            fprintf(stderr, "usage: %s [-n MUTATIONS] [-s SEED] PATH...\n", argv[0]);
            return 2;
        }
    }
    for (int i = optind; i < argc; i++) {
        load_path(argv[i]);
    }
    if (n_inputs == 0) {
        fprintf(stderr, "%s: no inputs found (is the corpus generated?)\n", argv[0]);
        return 1;
    }
    install_crash_handlers();
    rng_state = seed * UINT64_C(0x9E3779B97F4A7C15) + 1;
    for (size_t i = 0; i < n_inputs; i++) {
        run_one(inputs[i].data, inputs[i].len);
    }
    run_mutations(mutations);
    printf("%s: %zu inputs and %lu mutations (seed %llu) passed\n", argv[0], n_inputs, mutations,
           seed);
    for (size_t i = 0; i < n_inputs; i++) {
        free(inputs[i].data);
    }
    free(inputs);
    return 0;
}
