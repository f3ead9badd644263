// libvips (Debian's libvips-dev installs it): decoding, resizing and encoding article photos (`Images/`).
// libvips's API takes optional arguments as NULL-terminated varargs, which Swift cannot call;
// each call the generator makes is a fixed-argument inline function here.
//
// libvips is opened (dlopen) when the first photo is, not linked: with the 92 libraries it
// brings (Pango, Cairo, X11, curl, HDF5 …) it took 24 ms to load at every start of build-site,
// a fifth of a no-op build, for builds that touch no photo. Every function is called through a
// table filled from the library once (`shegong_vips_functions`). Its headers are not included
// either: through pkg-config they would link it again. The few types and constants the calls
// below need are declared here, as libvips 8 (the `libvips.so.42` ABI, checked when it is opened)
// defines them in `vips/image.h`, `resample.h`, `conversion.h`, `create.h` and `version.h`.
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

typedef struct _VipsImage VipsImage;
typedef int gboolean;
typedef char gchar;
typedef void *gpointer;
typedef int VipsBandFormat;
enum { SHEGONG_TRUE = 1 };
enum { VIPS_ACCESS_SEQUENTIAL = 1 };                       // VipsAccess: RANDOM, SEQUENTIAL
enum { VIPS_SIZE_BOTH = 0, VIPS_SIZE_DOWN = 2 };           // VipsSize: BOTH, UP, DOWN
enum { VIPS_MAX_COORD = 10000000 };
enum { VIPS_INTERESTING_CENTRE = 1 };                      // VipsInteresting: NONE, CENTRE
enum { VIPS_TEXT_WRAP_WORD_CHAR = 2 };                     // VipsTextWrap: WORD, CHAR, WORD_CHAR
enum { VIPS_ALIGN_CENTRE = 1 };                            // VipsAlign: LOW, CENTRE, HIGH
enum { VIPS_FORMAT_UCHAR = 0 };                            // VipsBandFormat: NOTSET = -1, UCHAR
enum { SHEGONG_VIPS_ABI = 42 };                            // VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE

#define SHEGONG_VIPS_FUNCTIONS(X) \
    X(vips_version, int (*)(int)) \
    X(vips_init, int (*)(const char *)) \
    X(vips_concurrency_set, void (*)(int)) \
    X(vips_cache_set_max, void (*)(int)) \
    X(vips_cache_set_max_mem, void (*)(size_t)) \
    X(vips_error_buffer, const char *(*)(void)) \
    X(vips_error_clear, void (*)(void)) \
    X(vips_image_new_from_file, VipsImage *(*)(const char *, ...)) \
    X(vips_image_copy_memory, VipsImage *(*)(VipsImage *)) \
    X(vips_image_get_width, int (*)(const VipsImage *)) \
    X(vips_image_get_height, int (*)(const VipsImage *)) \
    X(vips_image_get_orientation_swap, gboolean (*)(VipsImage *)) \
    X(vips_image_hasalpha, gboolean (*)(VipsImage *)) \
    X(vips_image_get_fields, gchar **(*)(VipsImage *)) \
    X(vips_image_remove, gboolean (*)(VipsImage *, const char *)) \
    X(vips_thumbnail, int (*)(const char *, VipsImage **, int, ...)) \
    X(vips_thumbnail_image, int (*)(VipsImage *, VipsImage **, int, ...)) \
    X(vips_copy, int (*)(VipsImage *, VipsImage **, ...)) \
    X(vips_webpsave_buffer, int (*)(VipsImage *, void **, size_t *, ...)) \
    X(vips_jpegsave_buffer, int (*)(VipsImage *, void **, size_t *, ...)) \
    X(vips_pngsave_buffer, int (*)(VipsImage *, void **, size_t *, ...)) \
    X(vips_text, int (*)(VipsImage **, const char *, ...)) \
    X(vips_embed, int (*)(VipsImage *, VipsImage **, int, int, int, int, ...)) \
    X(vips_black, int (*)(VipsImage **, int, int, ...)) \
    X(vips_linear, int (*)(VipsImage *, VipsImage **, const double *, const double *, int, ...)) \
    X(vips_ifthenelse, int (*)(VipsImage *, VipsImage *, VipsImage *, VipsImage **, ...)) \
    X(vips_cast, int (*)(VipsImage *, VipsImage **, VipsBandFormat, ...)) \
    X(vips_getpoint, int (*)(VipsImage *, double **, int *, int, int, ...)) \
    X(g_object_unref, void (*)(gpointer)) \
    X(g_free, void (*)(gpointer)) \
    X(g_strfreev, void (*)(gchar **))

struct shegong_vips_table {
#define SHEGONG_FIELD(name, type) __typeof__(type) name;
    SHEGONG_VIPS_FUNCTIONS(SHEGONG_FIELD)
#undef SHEGONG_FIELD
    int loaded;
};

// The table's storage: a function's static (a header's global would have no storage in Swift's build).
static inline struct shegong_vips_table *shegong_vips_storage(void) {
    static struct shegong_vips_table table;
    return &table;
}

static void shegong_vips_load(void) {
    void *library = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libvips.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    struct shegong_vips_table *t = shegong_vips_storage();
    int found = 1;
#define SHEGONG_RESOLVE(name, type) found = found && (t->name = (type)dlsym(library, #name)) != NULL;
    SHEGONG_VIPS_FUNCTIONS(SHEGONG_RESOLVE)
#undef SHEGONG_RESOLVE
    t->loaded = found;
}

// The table, once libvips is open (thread-safe: the first photos arrive on every core at once);
// NULL when the library or one of its functions is missing.
static inline const struct shegong_vips_table *shegong_vips_functions(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, shegong_vips_load);
    const struct shegong_vips_table *t = shegong_vips_storage();
    return t->loaded ? t : NULL;
}

// Each libvips call below goes through the table (its callers have checked it is there).
#define SV (shegong_vips_functions())

static inline int shegong_vips_init(void) {
    if (!SV) return -1;
    // VIPS_INIT's check: the library's ABI is the one the declarations above describe.
    if (SV->vips_version(3) - SV->vips_version(5) != SHEGONG_VIPS_ABI) return -1;
    if (SV->vips_init("build-site")) return -1;
    // Photos are processed one per core by the generator: no threads or cache inside libvips.
    SV->vips_concurrency_set(1);
    SV->vips_cache_set_max(0);
    SV->vips_cache_set_max_mem(0);
    return 0;
}

// Messages of the last failures on this thread, and clearing them (nothing to clear without the library).
static inline const char *shegong_vips_error_buffer(void) { return SV ? SV->vips_error_buffer() : "libvips is not installed"; }
static inline void shegong_vips_error_clear(void) { if (SV) SV->vips_error_clear(); }
static inline int shegong_vips_width(VipsImage *image) { return SV->vips_image_get_width(image); }
static inline int shegong_vips_height(VipsImage *image) { return SV->vips_image_get_height(image); }
static inline int shegong_vips_orientation_swap(VipsImage *image) { return SV->vips_image_get_orientation_swap(image); }
static inline int shegong_vips_has_alpha(VipsImage *image) { return SV->vips_image_hasalpha(image); }

// The header only (pixels are decoded on demand): size, orientation.
static inline VipsImage *shegong_vips_open(const char *path) {
    return SV->vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

// Upright (the EXIF orientation applied) and at most `width` wide, never enlarged; decoded into memory.
static inline VipsImage *shegong_vips_thumbnail(const char *path, int width) {
    VipsImage *out = NULL, *memory = NULL;
    if (SV->vips_thumbnail(path, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return NULL;
    memory = SV->vips_image_copy_memory(out);
    SV->g_object_unref(out);
    return memory;
}

// A smaller copy of an image already upright.
static inline VipsImage *shegong_vips_resize(VipsImage *in, int width) {
    VipsImage *out = NULL;
    if (SV->vips_thumbnail_image(in, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return NULL;
    return out;
}

// Exactly width × height, cropped around the centre (a share image), from an image already upright.
static inline VipsImage *shegong_vips_cover(VipsImage *in, int width, int height) {
    VipsImage *out = NULL;
    if (SV->vips_thumbnail_image(in, &out, width, "height", height, "crop", VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_BOTH, NULL)) return NULL;
    return out;
}

// A copy with no metadata at all (EXIF with GPS and serial numbers, XMP, IPTC, ICC, comments,
// thumbnails): not left to each encoder's `strip`, which libvips 8.14's WebP encoder ignores.
static inline VipsImage *shegong_vips_without_metadata(VipsImage *in) {
    VipsImage *out = NULL;
    if (SV->vips_copy(in, &out, NULL)) return NULL;
    gchar **fields = SV->vips_image_get_fields(out);
    for (int i = 0; fields[i]; i++) SV->vips_image_remove(out, fields[i]);
    SV->g_strfreev(fields);
    return out;
}

// Encoders, every one with all metadata stripped (EXIF with GPS, XMP, IPTC, ICC, thumbnails).
static inline int shegong_vips_webp(VipsImage *in, void **buf, size_t *len, int quality) {
    return SV->vips_webpsave_buffer(in, buf, len, "Q", quality, "strip", SHEGONG_TRUE, "effort", 4, NULL);
}
static inline int shegong_vips_jpeg(VipsImage *in, void **buf, size_t *len, int quality) {
    return SV->vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", SHEGONG_TRUE, "optimize_coding", SHEGONG_TRUE, "interlace", SHEGONG_TRUE, NULL);
}
static inline int shegong_vips_png(VipsImage *in, void **buf, size_t *len) {
    return SV->vips_pngsave_buffer(in, buf, len, "strip", SHEGONG_TRUE, "compression", 9, NULL);
}

// A share card: Pango `markup` in `font`, white on the colour (r, g, b), wrapped at `text_width`
// (between words, or between any two Chinese characters, by Pango's line breaking), centred on a
// width × height canvas.
static inline VipsImage *shegong_vips_card(const char *markup, const char *font, int width, int height, int text_width,
                                           double r, double g, double b) {
    VipsImage *text = NULL, *placed = NULL, *black = NULL, *ground = NULL, *white = NULL, *mixed = NULL, *out = NULL;
    double ground_ink[3] = { r, g, b }, white_ink[3] = { 255, 255, 255 }, ones[3] = { 1, 1, 1 };
    int ok = !SV->vips_text(&text, markup, "font", font, "width", text_width, "dpi", 72, "wrap", VIPS_TEXT_WRAP_WORD_CHAR,
                        "align", VIPS_ALIGN_CENTRE, NULL)
        && !SV->vips_embed(text, &placed, (width - SV->vips_image_get_width(text)) / 2, (height - SV->vips_image_get_height(text)) / 2,
                       width, height, NULL)
        && !SV->vips_black(&black, width, height, "bands", 3, NULL)
        && !SV->vips_linear(black, &ground, ones, ground_ink, 3, NULL)
        && !SV->vips_linear(black, &white, ones, white_ink, 3, NULL)
        && !SV->vips_ifthenelse(placed, white, ground, &mixed, "blend", SHEGONG_TRUE, NULL)
        && !SV->vips_cast(mixed, &out, VIPS_FORMAT_UCHAR, NULL);
    VipsImage *parts[] = { text, placed, black, ground, white, mixed };
    for (int i = 0; i < 6; i++) if (parts[i]) SV->g_object_unref(parts[i]);
    if (!ok) { if (out) SV->g_object_unref(out); return NULL; }
    return out;
}

// One pixel's bands (tests read back what was written).
static inline int shegong_vips_pixel(const char *path, int x, int y, double *bands, int capacity) {
    VipsImage *image = SV->vips_image_new_from_file(path, NULL);
    if (!image) return -1;
    double *vector = NULL;
    int n = 0;
    int status = SV->vips_getpoint(image, &vector, &n, x, y, NULL);
    SV->g_object_unref(image);
    if (status) return -1;
    for (int i = 0; i < n && i < capacity; i++) bands[i] = vector[i];
    SV->g_free(vector);
    return n;
}

static inline void shegong_vips_unref(VipsImage *image) { SV->g_object_unref(image); }
static inline void shegong_vips_free(void *buffer) { SV->g_free(buffer); }

#undef SV
