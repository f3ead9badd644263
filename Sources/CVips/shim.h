// Debian's libvips-dev: decoding, resizing and encoding article photos (`Images/`).
// libvips's API takes optional arguments as NULL-terminated varargs, which Swift cannot call;
// each call the generator makes is a fixed-argument inline function here.
#include <vips/vips.h>

static inline int shegong_vips_init(void) {
    if (VIPS_INIT("build-site")) return -1;
    // Photos are processed one per core by the generator: no threads or cache inside libvips.
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    return 0;
}

// The header only (pixels are decoded on demand): size, orientation.
static inline VipsImage *shegong_vips_open(const char *path) {
    return vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

// Upright (the EXIF orientation applied) and at most `width` wide, never enlarged; decoded into memory.
static inline VipsImage *shegong_vips_thumbnail(const char *path, int width) {
    VipsImage *out = NULL, *memory = NULL;
    if (vips_thumbnail(path, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return NULL;
    memory = vips_image_copy_memory(out);
    g_object_unref(out);
    return memory;
}

// A smaller copy of an image already upright.
static inline VipsImage *shegong_vips_resize(VipsImage *in, int width) {
    VipsImage *out = NULL;
    if (vips_thumbnail_image(in, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return NULL;
    return out;
}

// Exactly width × height, cropped around the centre (a share image), from an image already upright.
static inline VipsImage *shegong_vips_cover(VipsImage *in, int width, int height) {
    VipsImage *out = NULL;
    if (vips_thumbnail_image(in, &out, width, "height", height, "crop", VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_BOTH, NULL)) return NULL;
    return out;
}

// A copy with no metadata at all (EXIF with GPS and serial numbers, XMP, IPTC, ICC, comments,
// thumbnails): not left to each encoder's `strip`, which libvips 8.14's WebP encoder ignores.
static inline VipsImage *shegong_vips_without_metadata(VipsImage *in) {
    VipsImage *out = NULL;
    if (vips_copy(in, &out, NULL)) return NULL;
    gchar **fields = vips_image_get_fields(out);
    for (int i = 0; fields[i]; i++) vips_image_remove(out, fields[i]);
    g_strfreev(fields);
    return out;
}

// Encoders, every one with all metadata stripped (EXIF with GPS, XMP, IPTC, ICC, thumbnails).
static inline int shegong_vips_webp(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_webpsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "effort", 4, NULL);
}
static inline int shegong_vips_jpeg(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "optimize_coding", TRUE, "interlace", TRUE, NULL);
}
static inline int shegong_vips_png(VipsImage *in, void **buf, size_t *len) {
    return vips_pngsave_buffer(in, buf, len, "strip", TRUE, "compression", 9, NULL);
}

// A share card: Pango `markup` in `font`, white on the colour (r, g, b), wrapped at `text_width`
// (between words, or between any two Chinese characters, by Pango's line breaking), centred on a
// width × height canvas.
static inline VipsImage *shegong_vips_card(const char *markup, const char *font, int width, int height, int text_width,
                                           double r, double g, double b) {
    VipsImage *text = NULL, *placed = NULL, *black = NULL, *ground = NULL, *white = NULL, *mixed = NULL, *out = NULL;
    double ground_ink[3] = { r, g, b }, white_ink[3] = { 255, 255, 255 }, ones[3] = { 1, 1, 1 };
    int ok = !vips_text(&text, markup, "font", font, "width", text_width, "dpi", 72, "wrap", VIPS_TEXT_WRAP_WORD_CHAR,
                        "align", VIPS_ALIGN_CENTRE, NULL)
        && !vips_embed(text, &placed, (width - vips_image_get_width(text)) / 2, (height - vips_image_get_height(text)) / 2,
                       width, height, NULL)
        && !vips_black(&black, width, height, "bands", 3, NULL)
        && !vips_linear(black, &ground, ones, ground_ink, 3, NULL)
        && !vips_linear(black, &white, ones, white_ink, 3, NULL)
        && !vips_ifthenelse(placed, white, ground, &mixed, "blend", TRUE, NULL)
        && !vips_cast(mixed, &out, VIPS_FORMAT_UCHAR, NULL);
    VipsImage *parts[] = { text, placed, black, ground, white, mixed };
    for (int i = 0; i < 6; i++) if (parts[i]) g_object_unref(parts[i]);
    if (!ok) { if (out) g_object_unref(out); return NULL; }
    return out;
}

// One pixel's bands (tests read back what was written).
static inline int shegong_vips_pixel(const char *path, int x, int y, double *bands, int capacity) {
    VipsImage *image = vips_image_new_from_file(path, NULL);
    if (!image) return -1;
    double *vector = NULL;
    int n = 0;
    int status = vips_getpoint(image, &vector, &n, x, y, NULL);
    g_object_unref(image);
    if (status) return -1;
    for (int i = 0; i < n && i < capacity; i++) bands[i] = vector[i];
    g_free(vector);
    return n;
}

static inline void shegong_vips_unref(VipsImage *image) { g_object_unref(image); }
static inline void shegong_vips_free(void *buffer) { g_free(buffer); }
