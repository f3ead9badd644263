import SiteCore

/// The photos of one build: their sizes, read once (the renderer's `ImageInfoReader`, the plan's
/// image sets), and their files, encoded once per photo by whichever job asks first (the others
/// wait for it) and dropped once every file of the photo is taken.
final class ImageWork: Sendable {
    let contentRoot: String
    private let infos = Locked<[String: ImageInfo?]>([:])
    private let photos = Locked<[String: Photo]>([:])

    private final class Photo: @unchecked Sendable {
        let lock = Locked<[String: [UInt8]]?>(nil)
    }

    init(contentRoot: String) {
        self.contentRoot = contentRoot
    }

    /// The size of the image at `source` (relative to the content folder), nil if it cannot be read.
    func info(_ source: String) -> ImageInfo? {
        if let known = infos.withLock({ $0[source] }) { return known }
        let info = ImageLibrary.info(contentRoot + "/" + source)
        infos.withLock { $0[source] = .some(info) }
        return info
    }

    var reader: ImageInfoReader { { [self] source in info(source) } }

    /// One file of `set` (or its share image, when `share`: then every file of the set is asked
    /// for with `share`), made from the photo at `source`.
    func file(_ path: String, of set: ImageSet, source: String, share: Bool) throws -> [UInt8] {
        let key = source + "\u{0}" + set.destination
        let photo = photos.withLock { all in
            if let p = all[key] { return p }
            let p = Photo()
            all[key] = p
            return p
        }
        let contentRoot = self.contentRoot
        return try photo.lock.withLock { files throws -> [UInt8] in
            if files == nil { files = try ImageLibrary.files(of: set, from: contentRoot + "/" + source, share: share) }
            guard let bytes = files?.removeValue(forKey: path) else {
                throw ImageLibrary.Failure(description: "\(path): not a file of \(set.destination)")
            }
            return bytes
        }
    }
}
