import CVips
import SiteCore

/// libvips, as the generator uses it: an image's size, and the re-encoded files of a photo.
/// Every file written from a photo is upright (its EXIF orientation applied) and carries no
/// metadata at all. Each call works on one photo on the calling thread; the render stage runs one
/// photo per core.
package enum ImageLibrary {
    /// WebP and JPEG qualities: photos of people and places on a phone screen.
    static let webpQuality: Int32 = 75
    static let jpegQuality: Int32 = 80
    /// Part of every photo file's fingerprint: a change to the settings above or to the widths
    /// (`ImageSet`) encodes the photos again.
    static let version: UInt64 = 1

    private static let ready: Bool = shegong_vips_init() == 0
    private static let textLock = Locked(())

    /// Photos decoded and encoded since the process started, by source path (tests count their
    /// own across builds: other tests encode photos at the same time).
    private static let encodedPhotos = Locked<[String: Int]>([:])

    /// How many times photos whose source path starts with `folder` were decoded and encoded.
    package static func photosEncoded(under folder: String) -> Int {
        encodedPhotos.withLock { $0.filter { $0.key.hasPrefix(folder) }.values.reduce(0, +) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func failure(_ what: String) -> Failure {
        let message = String(cString: shegong_vips_error_buffer()).trimmingWhitespace()
        shegong_vips_error_clear()
        return Failure(description: message.isEmpty ? what : "\(what): \(message.split(separator: "\n").first ?? "")")
    }

    /// The size of the image at `path` as shown (width and height swapped for a photo taken on its
    /// side), or nil when libvips cannot read it.
    package static func info(_ path: String) -> ImageInfo? {
        guard ready, let image = shegong_vips_open(path) else { shegong_vips_error_clear(); return nil }
        defer { shegong_vips_unref(image) }
        let width = Int(shegong_vips_width(image)), height = Int(shegong_vips_height(image))
        let swapped = shegong_vips_orientation_swap(image) != 0
        return ImageInfo(width: swapped ? height : width, height: swapped ? width : height, hasAlpha: shegong_vips_has_alpha(image) != 0,
                         bytes: Int(FileSystem.stamp(path)?.size ?? 0))
    }

    /// The site's share card, for pages without a photo: its title large and its description
    /// below, white on the site's red (the stylesheet's `--accent`), in Noto Sans CJK (Debian's `fonts-noto-cjk`) through
    /// Pango, which breaks Chinese lines between characters and keeps closing punctuation off a
    /// line's start. The same text and fonts give the same bytes.
    static func siteCard(title: String, description: String) throws -> [UInt8] {
        guard ready else { throw Failure(description: "libvips did not start") }
        func escaped(_ text: String) -> String {
            text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        }
        let markup = "<span size=\"72pt\" weight=\"bold\">\(escaped(title))</span>\n<span size=\"34pt\">\(escaped(description))</span>"
        // One card at a time in the process (builds run side by side in the tests): Pango's markup
        // parsing once failed ("invalid markup in text") with two cards drawn at once.
        let drawn = textLock.withLock { _ in
            shegong_vips_card(markup, "Noto Sans CJK SC", Int32(ImageSet.shareWidth), Int32(ImageSet.shareHeight),
                              Int32(ImageSet.shareWidth - 160), 0xA4, 0x23, 0x1B)
        }
        guard let card = drawn else { throw failure("cannot draw the share card") }
        defer { shegong_vips_unref(card) }
        return try encode(card, as: "jpg")
    }

    /// The bands of one pixel of the image at `path` (tests read back what was written).
    package static func pixel(_ path: String, x: Int, y: Int) -> [Double]? {
        guard ready else { return nil }
        var bands = [Double](repeating: 0, count: 4)
        let n = shegong_vips_pixel(path, Int32(x), Int32(y), &bands, 4)
        guard n > 0 else { shegong_vips_error_clear(); return nil }
        return Array(bands.prefix(Int(n)))
    }

    /// The files of `set`, by output path, made from the original at `path` (decoded once): with
    /// `share`, also the share image, cropped to `ImageSet.shareWidth` × `shareHeight` around the
    /// centre, as JPEG.
    static func files(of set: ImageSet, from path: String, share: Bool) throws -> [String: [UInt8]] {
        guard ready else { throw Failure(description: "libvips did not start") }
        guard let full = shegong_vips_thumbnail(path, Int32(ImageSet.maximumWidth)) else { throw failure("cannot read \(path)") }
        encodedPhotos.withLock { $0[path, default: 0] += 1 }
        defer { shegong_vips_unref(full) }
        var out: [String: [UInt8]] = [:]
        let originalExtension = set.destination.split(separator: ".").last.map { $0.lowercased() } ?? ""
        for variant in set.variants {
            var image = full
            if variant.width < Int(shegong_vips_width(full)) {
                guard let smaller = shegong_vips_resize(full, Int32(variant.width)) else { throw failure("cannot resize \(path)") }
                image = smaller
            }
            defer { if image != full { shegong_vips_unref(image) } }
            out[variant.webp] = try encode(image, as: "webp")
            let fallbackFormat = variant.fallback == set.destination ? originalExtension : (variant.fallback.hasSuffix(".png") ? "png" : "jpg")
            out[variant.fallback] = try encode(image, as: fallbackFormat)
        }
        if share {
            guard let cover = shegong_vips_cover(full, Int32(ImageSet.shareWidth), Int32(ImageSet.shareHeight)) else { throw failure("cannot crop \(path)") }
            defer { shegong_vips_unref(cover) }
            out[set.sharePath] = try encode(cover, as: "jpg")
        }
        return out
    }

    private static func encode(_ original: OpaquePointer, as format: String) throws -> [UInt8] {
        guard let image = shegong_vips_without_metadata(original) else { throw failure("cannot copy the image") }
        defer { shegong_vips_unref(image) }
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        let status: Int32
        switch format {
        case "webp": status = shegong_vips_webp(image, &buffer, &length, webpQuality)
        case "png": status = shegong_vips_png(image, &buffer, &length)
        default: status = shegong_vips_jpeg(image, &buffer, &length, jpegQuality)
        }
        guard status == 0, let buffer else { throw failure("cannot encode \(format)") }
        defer { shegong_vips_free(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }
}
