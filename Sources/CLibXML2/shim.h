// Debian's libxml2-dev: its HTML parser, for `build-site import` of saved web pages.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with the ICU Foundation bundles. Nothing here
// touches the encoding handler's ICU fields (only pointers to the struct are passed around).
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

// `xmlFree` is a global function pointer: Swift 6 refuses to read it as shared mutable state.
static inline void shegong_xml_free(void *pointer) { xmlFree(pointer); }
