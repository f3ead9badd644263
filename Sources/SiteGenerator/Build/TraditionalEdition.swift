import SiteCore

/// The 繁體版's converter for a build, when `site.yaml` asks for the edition.
enum TraditionalEdition {
    static func converter(_ config: SiteConfig, _ options: BuildOptions) throws(BuildFailure) -> TraditionalConverter? {
        guard config.traditionalEdition else { return nil }
        do {
            return try TraditionalConverter(overrides: config.traditionalTerms)
        } catch {
            throw .content([.error(SourceLocation(file: options.contentPath + "/site.yaml"), error.description)])
        }
    }
}
