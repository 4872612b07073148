#ifndef GALLEY_CSYSTEM_H
#define GALLEY_CSYSTEM_H

/// Flushes the file system that holds `fd` to disk (Linux `syncfs(2)`; `fsync` of `fd` elsewhere).
/// Swift's Glibc module does not declare syncfs, which needs _GNU_SOURCE.
int galley_syncfs(int fd);

/// Opens `path` (relative to the folder `root`) for reading, refusing any symbolic link on the
/// way and any path that leads out of `root` (Linux `openat2(2)` with `RESOLVE_BENEATH` and
/// `RESOLVE_NO_SYMLINKS`): one call, so no link can be swapped in between a check and the open.
/// Does not wait on a pipe. -1 with `errno` set when refused; ENOSYS elsewhere.
int galley_open_beneath(const char *root, const char *path);

#endif
