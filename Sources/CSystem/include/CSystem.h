#ifndef GALLEY_CSYSTEM_H
#define GALLEY_CSYSTEM_H

/// Flushes the file system that holds `fd` to disk (Linux `syncfs(2)`; `fsync` of `fd` elsewhere).
/// Swift's Glibc module does not declare syncfs, which needs _GNU_SOURCE.
int galley_syncfs(int fd);

#endif
