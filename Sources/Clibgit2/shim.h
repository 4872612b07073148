#ifndef GALLEY_CLIBGIT2_SHIM_H
#define GALLEY_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
