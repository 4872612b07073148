// Debian's libgit2 1.5 is built with mbedTLS and, inside git_libgit2_init, parses the whole
// system CA bundle (/etc/ssl/certs/ca-certificates.crt, ~140 certificates in PEM) with
// mbedTLS's constant-time base64 decoder: about 6 ms, a fifth of `galley show`, paid by every
// command although only `sync` and `clone` ever open a TLS connection. libgit2 has no option to
// skip or postpone it, so this file defines mbedtls_x509_crt_parse_file in the executable,
// which the dynamic linker binds libgit2's call to before the one in libmbedx509 (ELF symbol
// interposition). At start-up the call only notes the path and leaves the chain empty; the
// network paths in GitKit call galley_load_deferred_certificates first, which sets the same
// location through git_libgit2_opts, and that parse goes to mbedTLS's own function.
//
// Safe by construction: until the bundle is loaded, libgit2's chain is empty, so any TLS
// handshake fails certificate verification ("the SSL certificate is invalid"); nothing is
// trusted that would not have been. A libgit2 built with OpenSSL never calls this function.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <git2/common.h>
#include <git2/errors.h>
#include "CGitOptions.h"

#if defined(__linux__)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/// Held for a whole load, so two first calls cannot both replace libgit2's one chain of trusted
/// certificates (the second would free it under a handshake using it).
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
/// The file and the folder libgit2 asked for while loading was put off (at most one of each).
static char *deferred_file = NULL;
static char *deferred_folder = NULL;
/// Set once loading is wanted: from then on every parse is mbedTLS's own.
static int loading = 0;
static int load_count = 0;

typedef int (*parse_function)(void *chain, const char *path);

/// Notes `path` in `slot` and returns 1 while loading is put off; else returns 0.
static int defer(char **slot, const char *path) {
    pthread_mutex_lock(&lock);
    int put_off = !loading;
    if (put_off && path != NULL) {
        free(*slot);
        *slot = strdup(path);
    }
    pthread_mutex_unlock(&lock);
    return put_off;
}

/// Calls mbedTLS's own `name` (the next definition after this executable's).
static int parse_really(const char *name, void *chain, const char *path) {
    parse_function parse = (parse_function)dlsym(RTLD_NEXT, name);
    if (parse == NULL) return -1;
    return parse(chain, path);
}

__attribute__((visibility("default")))
int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (defer(&deferred_file, path)) return 0;
    return parse_really("mbedtls_x509_crt_parse_file", chain, path);
}

/// libgit2 reads a folder of certificates when its built-in location is one; mbedTLS's own
/// function then calls mbedtls_x509_crt_parse_file for each file, which must not be put off.
__attribute__((visibility("default")))
int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    if (defer(&deferred_folder, path)) return 0;
    return parse_really("mbedtls_x509_crt_parse_path", chain, path);
}

int galley_load_deferred_certificates(void) {
    pthread_mutex_lock(&load_lock);
    pthread_mutex_lock(&lock);
    // From now on every parse is real, including libgit2's own if it starts only after this.
    loading = 1;
    char *file = (deferred_file != NULL && load_count == 0) ? strdup(deferred_file) : NULL;
    char *folder = (deferred_folder != NULL && load_count == 0) ? strdup(deferred_folder) : NULL;
    pthread_mutex_unlock(&lock);
    int result = 0;
    if (file != NULL || folder != NULL) {
        result = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, folder);
        if (result == 0) {
            pthread_mutex_lock(&lock);
            load_count += 1;
            pthread_mutex_unlock(&lock);
        }
    }
    free(file);
    free(folder);
    pthread_mutex_unlock(&load_lock);
    return result;
}

char *galley_deferred_certificates_path(void) {
    pthread_mutex_lock(&lock);
    const char *path = deferred_file != NULL ? deferred_file : deferred_folder;
    char *copy = path != NULL ? strdup(path) : NULL;
    pthread_mutex_unlock(&lock);
    return copy;
}

int galley_certificates_load_count(void) {
    pthread_mutex_lock(&lock);
    int count = load_count;
    pthread_mutex_unlock(&lock);
    return count;
}

#else

int galley_load_deferred_certificates(void) { return 0; }
char *galley_deferred_certificates_path(void) { return NULL; }
int galley_certificates_load_count(void) { return 0; }

#endif
