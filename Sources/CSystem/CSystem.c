#define _GNU_SOURCE
#include <unistd.h>
#include "CSystem.h"

int galley_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}
