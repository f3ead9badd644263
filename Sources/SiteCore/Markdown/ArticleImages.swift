/// An image's size as a reader sees it (its EXIF orientation applied), and whether it has an
/// alpha channel (a PNG with transparency keeps a PNG fallback).
package struct ImageInfo: Sendable, Hashable {
    package var width: Int
    package var height: Int
    package var hasAlpha: Bool
    /// The original file's size in bytes.
    package var bytes: Int

    package init(width: Int, height: Int, hasAlpha: Bool = false, bytes: Int = 0) {
        self.width = width
        self.height = height
        self.hasAlpha = hasAlpha
        self.bytes = bytes
    }
}

/// Reads an image's facts, given its path relative to the content folder; nil when the file is
/// not an image the reader can decode. The renderer is given one (libvips, in `SiteGenerator`).
package typealias ImageInfoReader = @Sendable (String) -> ImageInfo?

/// The files published for one photo an article uses, and the markup that shows them: the one
/// owner of their names and widths.
///
/// A JPEG, PNG or WebP original is never published as it is: it may carry the GPS position where
/// it was taken. What is published is re-encoded, upright, without metadata, at most `maximumWidth`
/// wide: under the original's name (so links to it still work), as WebP beside it, and at the
/// smaller `widths` as both. SVG and GIF pass through unchanged.
package struct ImageSet: Sendable, Hashable {
    /// 240 is a list's thumbnail at twice its CSS size.
    package static let widths = [240, 480, 960]
    package static let maximumWidth = 1600
    /// The page's column is at most 38em of 17–18 px; on a phone, the screen's width.
    package static let sizes = "(max-width: 44rem) 100vw, 40rem"
    /// `check` warns about originals larger than this (a phone photo is 3–8 MB) or narrower than
    /// `smallestWidth` (blurred on a phone's screen).
    package static let largestOriginal = 10 * 1024 * 1024
    package static let smallestWidth = 600

    /// One published width: its WebP file and its fallback (JPEG, or PNG for a PNG original).
    package struct Variant: Sendable, Hashable {
        package var width: Int
        package var height: Int
        /// Output paths, relative to the output folder.
        package var webp: String
        package var fallback: String
    }

    /// The output path of the original's name (`articles/2022/10/slug/images/station.jpg`).
    package let destination: String
    package let info: ImageInfo
    /// Ascending widths; the last is the full size, whose fallback is `destination` (for a WebP
    /// original, its WebP is).
    package let variants: [Variant]

    /// A body's lead photo: its first processed image that can be read. It makes the article's
    /// share image and its thumbnail in lists.
    package static func lead(of assets: [AssetCopy], info: (String) -> ImageInfo?) -> ImageSet? {
        for asset in assets where isProcessed(asset.source) {
            if let i = info(asset.source) { return ImageSet(destination: asset.destination, info: i) }
        }
        return nil
    }

    package static func isProcessed(_ path: String) -> Bool {
        ["jpg", "jpeg", "png", "webp"].contains(fileExtension(path))
    }

    package init(destination: String, info: ImageInfo) {
        self.destination = destination
        self.info = info
        let ext = Self.fileExtension(destination)
        let stem = String(destination.dropLast(ext.count + 1))
        let fallbackExtension = ext == "png" ? "png" : "jpg"
        let full = min(info.width, Self.maximumWidth)
        var variants: [Variant] = []
        for w in Self.widths where w < full {
            variants.append(Variant(width: w, height: Self.scaledHeight(info, to: w), webp: "\(stem).\(w).webp", fallback: "\(stem).\(w).\(fallbackExtension)"))
        }
        variants.append(Variant(width: full, height: Self.scaledHeight(info, to: full),
                                webp: ext == "webp" ? destination : "\(stem).webp",
                                fallback: ext == "webp" ? "\(stem).jpg" : destination))
        self.variants = variants
    }

    /// Every output path of the set.
    package var paths: [String] { variants.flatMap { [$0.webp, $0.fallback] } }

    /// The share image's output path (`station.share.jpg`), `shareWidth` × `shareHeight`.
    package var sharePath: String { Self.sharePath(of: destination) }

    package static func sharePath(of destination: String) -> String {
        let ext = fileExtension(destination)
        return String(destination.dropLast(ext.count + 1)) + ".share.jpg"
    }

    /// Open Graph's large image: the photo cropped around its centre.
    package static let shareWidth = 1200, shareHeight = 630

    /// libvips' thumbnail height for a width: the height scaled and rounded, at least 1.
    static func scaledHeight(_ info: ImageInfo, to width: Int) -> Int {
        guard width < info.width else { return info.height }
        return max(1, Int((Double(info.height) * Double(width) / Double(info.width)).rounded()))
    }

    static func fileExtension(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
        return path[path.index(after: dot)...].lowercased()
    }

    /// `<picture>` for the set: WebP and fallback at every width, the full size's dimensions (the
    /// page keeps the space while it loads), lazy unless it may be on the first screen.
    /// `url` maps an output path to its URL; `alt` and `title` arrive escaped.
    /// `sizes` is the width the page gives it; `widest` leaves out larger files (a thumbnail never
    /// needs them), keeping at least the smallest.
    package func picture(url: (String) -> String, escapedAlt alt: String, escapedTitle title: String?, eager: Bool,
                         sizes: String = Self.sizes, widest: Int = .max) -> String {
        let shown = variants.filter { $0.width <= widest }.isEmpty ? [variants[0]] : variants.filter { $0.width <= widest }
        let full = shown[shown.count - 1]
        let webp = shown.map { "\(url($0.webp)) \($0.width)w" }.joined(separator: ", ")
        let fallback = shown.map { "\(url($0.fallback)) \($0.width)w" }.joined(separator: ", ")
        var img = "<img src=\"\(url(full.fallback))\" srcset=\"\(fallback)\" sizes=\"\(sizes)\" width=\"\(full.width)\" height=\"\(full.height)\" alt=\"\(alt)\""
        if let title { img += " title=\"\(title)\"" }
        img += eager ? " decoding=\"async\">" : " loading=\"lazy\" decoding=\"async\">"
        return "<picture><source type=\"image/webp\" srcset=\"\(webp)\" sizes=\"\(sizes)\">\(img)</picture>"
    }

    /// A list's thumbnail: 6.5rem wide, decorative beside its headline.
    package func thumbnail(url: (String) -> String) -> String {
        picture(url: url, escapedAlt: "", escapedTitle: nil, eager: false, sizes: "6.5rem", widest: 480)
    }
}

/// Rewrites the `<img>` elements cmark wrote for local images: a photo becomes its `<picture>`,
/// any other image gets its width and height; the first image loads at once, the others lazily.
enum ImageMarkup {
    struct Image {
        var info: ImageInfo
        var set: ImageSet?
        /// An output path → its URL.
        var url: (String) -> String
    }

    static func apply(_ images: [String: Image], to html: String) -> String {
        var out = "", rest = Substring(html), first = true
        let open = "<img src=\""
        while let start = rest.firstRange(of: open) {
            out += rest[..<start.lowerBound]
            var cursor = rest[start.upperBound...]
            // cmark's form: <img src="…" alt="…" title="…" /> (the title only when given).
            guard let srcEnd = cursor.firstIndex(of: "\"") else { break }
            let src = String(cursor[..<srcEnd])
            cursor = cursor[cursor.index(after: srcEnd)...]
            guard cursor.hasPrefix(" alt=\""), let altEnd = cursor.dropFirst(6).firstIndex(of: "\"") else {
                out += open; rest = rest[start.upperBound...]; continue
            }
            let alt = String(cursor[cursor.index(cursor.startIndex, offsetBy: 6)..<altEnd])
            cursor = cursor[cursor.index(after: altEnd)...]
            var title: String?
            if cursor.hasPrefix(" title=\""), let titleEnd = cursor.dropFirst(8).firstIndex(of: "\"") {
                title = String(cursor[cursor.index(cursor.startIndex, offsetBy: 8)..<titleEnd])
                cursor = cursor[cursor.index(after: titleEnd)...]
            }
            guard cursor.hasPrefix(" />"), let image = images[src.replacing("&amp;", with: "&")] else {
                out += open; rest = rest[start.upperBound...]; continue
            }
            rest = cursor.dropFirst(3)
            if let set = image.set {
                out += set.picture(url: image.url, escapedAlt: alt, escapedTitle: title, eager: first)
            } else {
                out += "<img src=\"\(src)\" width=\"\(image.info.width)\" height=\"\(image.info.height)\" alt=\"\(alt)\""
                if let title { out += " title=\"\(title)\"" }
                out += first ? " decoding=\"async\">" : " loading=\"lazy\" decoding=\"async\">"
            }
            first = false
        }
        out += rest
        return out
    }
}
