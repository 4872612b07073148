#ifndef GALLEY_CGITOPTIONS_H
#define GALLEY_CGITOPTIONS_H

/// Loads the CA certificates whose loading was put off at libgit2's start (see Certificates.c),
/// before a command first talks to a remote over TLS. Returns 0 when there was nothing to load
/// or they loaded, and libgit2's negative error code (its last error set) when they did not.
int galley_load_deferred_certificates(void);

/// The CA bundle whose loading was put off (libgit2's built-in location), or NULL when none
/// was: a libgit2 not built with mbedTLS, or no such file. A copy, for the caller to free.
char *galley_deferred_certificates_path(void);

/// How many times the postponed bundle was loaded: 0, then 1 once it has been.
int galley_certificates_load_count(void);

/// Turns libgit2's check of every object it reads against its id on (1) or off (0): on by
/// default in libgit2, a SHA-1 of each commit, tree and blob read. Returns libgit2's error code.
int galley_git_verify_object_hashes(int enabled);

/// Turns libgit2's cache of the commits and trees it has read on (1) or off (0), for every
/// repository of the process (on by default, up to 256 MB). Returns libgit2's error code.
int galley_git_cache_objects(int enabled);

/// The bytes libgit2's object cache holds now, across the process; -1 when it cannot say.
long long galley_git_cached_memory(void);

#endif
