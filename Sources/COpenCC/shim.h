// The C API of OpenCC (Debian libopencc-dev): opencc_open, opencc_convert_utf8, opencc_close.
#include <opencc/opencc.h>
