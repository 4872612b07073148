// libgit2 settings Swift cannot make itself: git_libgit2_opts is variadic, and Swift does not
// import variadic C functions.
#include <git2/common.h>
#include "CGitOptions.h"

int galley_git_verify_object_hashes(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
