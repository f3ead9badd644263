// Reads OpenCC's dictionaries (Debian libopencc-dev: /usr/share/opencc/*.ocd2) entry by entry, for
// the 繁體版's converter, which needs the phrases themselves: OpenCC's C API only converts, at about
// 4 MB/s, a tenth of the speed a build of every page in a second edition needs.
#pragma once
#ifdef __cplusplus
extern "C" {
#endif

/// Calls `each` with every entry of the dictionary at `path` (key and its default value, UTF-8),
/// in key order. Returns the number of entries, or -1 if the file cannot be read as a dictionary.
long shegong_opencc_dictionary_each(const char *path, void (*each)(const char *key, const char *value, void *context), void *context);

#ifdef __cplusplus
}
#endif
