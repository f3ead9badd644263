#ifndef CPLATFORM_H
#define CPLATFORM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL or ENOSYS where
/// the file system or kernel cannot do it; callers fall back to two renames).
int cplatform_exchange_paths(const char *a, const char *b);

#endif
