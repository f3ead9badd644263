#ifndef CPLATFORM_H
#define CPLATFORM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL or ENOSYS where
/// the file system or kernel cannot do it; callers fall back to two renames).
int cplatform_exchange_paths(const char *a, const char *b);

/// Keeps freed heap memory in the process (glibc's mallopt: no trimming, no mmap for large
/// blocks below 256 MiB), so a build's passes reuse pages instead of faulting them in again.
void cplatform_keep_freed_memory(void);

#include <stddef.h>

/// Returns the heap's free pages to the system (glibc's malloc_trim), in every arena, when at
/// least `at_least` bytes are free in it (0: always): called between a build's stages, so that one
/// stage's freed working set is not kept while the next one grows its own (with trimming off, see
/// above, each thread's arena would keep its peak).
void cplatform_release_freed_memory(size_t at_least);

/// Makes SIGINT and SIGTERM set a flag instead of ending the process, and unblocks them in the
/// calling thread (a process inherits the blocked signals of the thread that started it: from a
/// dispatch worker, Ctrl-C would otherwise stay pending for ever).
void cplatform_catch_stop_signals(void);

/// Whether SIGINT or SIGTERM arrived since `cplatform_catch_stop_signals`.
int cplatform_stop_requested(void);

/// Opens a folder below `directory` only as a place to look names up in (Linux `O_PATH`: no
/// read permission needed, nothing read). Returns the descriptor, or -1 with errno set.
int cplatform_open_folder_path(int directory, const char *name);

/// `size` bytes of zeroed memory straight from the system (an anonymous private mapping), or
/// NULL: memory a build hands back whole when it is done with it, not through the heap.
void *cplatform_map_zeroed(size_t size);

/// The mapping at `address` (`size` bytes, from `cplatform_map_zeroed`) grown to `new_size`,
/// its bytes kept and the new ones zeroed. It may move (Linux `mremap`, which moves pages, not
/// bytes; elsewhere a new mapping and a copy). NULL on failure, the old mapping then intact.
void *cplatform_grow_mapping(void *address, size_t size, size_t new_size);

/// Hands a mapping from `cplatform_map_zeroed` back to the system.
void cplatform_unmap(void *address, size_t size);

/// Asks the core to start bringing the cache line at `address` in, without waiting for it: a
/// hint, never a fault, whatever the address. Inlined where it is called (a static inline function
/// is compiled into the Swift module that imports it).
static inline void cplatform_prefetch(const void *address) { __builtin_prefetch(address); }

#endif
