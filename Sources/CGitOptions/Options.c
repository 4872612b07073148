// libgit2 settings Swift cannot make itself: git_libgit2_opts is variadic, and Swift does not
// import variadic C functions.
#include <git2/common.h>
#include "CGitOptions.h"

int galley_git_verify_object_hashes(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

int galley_git_cache_objects(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

long long galley_git_cached_memory(void) {
    ssize_t current = 0, allowed = 0;
    if (git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &current, &allowed) != 0) return -1;
    return (long long)current;
}
