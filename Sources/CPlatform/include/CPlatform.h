#ifndef CPLATFORM_H
#define CPLATFORM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL or ENOSYS where
/// the file system or kernel cannot do it; callers fall back to two renames).
int cplatform_exchange_paths(const char *a, const char *b);

/// Keeps freed heap memory in the process (glibc's mallopt: no trimming, no mmap for large
/// blocks below 256 MiB), so a build's passes reuse pages instead of faulting them in again.
void cplatform_keep_freed_memory(void);

#endif
