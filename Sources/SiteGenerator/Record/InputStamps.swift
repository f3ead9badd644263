import SiteCore

/// Every content file's stamp and content hash, in path order (`PathTable`).
typealias InputStamps = PathTable<BuildManifest.InputStamp>
