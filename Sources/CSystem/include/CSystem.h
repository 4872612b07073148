#ifndef GALLEY_CSYSTEM_H
#define GALLEY_CSYSTEM_H

/// Flushes the file system that holds `fd` to disk (Linux `syncfs(2)`; `fsync` of `fd` elsewhere).
/// Swift's Glibc module does not declare syncfs, which needs _GNU_SOURCE.
int galley_syncfs(int fd);

/// Gives memory that was freed back to the system (glibc's `malloc_trim(0)`; nothing elsewhere).
/// Memory a finished thread freed stays in that thread's malloc arena otherwise.
void galley_release_free_memory(void);

#endif
