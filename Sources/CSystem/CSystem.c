#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif
#include "CSystem.h"

int galley_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}

int galley_open_beneath(const char *root, const char *path) {
#if defined(__linux__) && defined(SYS_openat2)
    int folder = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0) return -1;
    struct open_how how = {
        .flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
    };
    int file = (int)syscall(SYS_openat2, folder, path, &how, sizeof how);
    int saved = errno;
    close(folder);
    errno = saved;
    return file;
#else
    errno = ENOSYS;
    return -1;
#endif
}
