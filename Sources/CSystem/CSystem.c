#define _GNU_SOURCE
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "CSystem.h"

int galley_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}

void galley_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
