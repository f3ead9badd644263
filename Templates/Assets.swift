import Foundation
import SiteCore

/// The site's static assets, shipped in `Templates/Assets/` and copied into every build.
/// The stylesheet's file name carries a hash of its content, so browsers and CDNs may cache it
/// for ever and still see a changed stylesheet at once.
package enum Assets {
    package static let stylesheet: String = load("style", "css")

    /// `assets/style.1a2b3c4d.css`, relative to the site root.
    package static let stylesheetPath: String = path(forStylesheet: stylesheet)

    package static func path(forStylesheet css: String) -> String { "assets/style.\(fingerprint(css)).css" }

    /// The search page's script, fingerprinted like the stylesheet.
    package static let searchScript: String = load("search", "js")
    package static let searchScriptPath: String = "assets/search.\(fingerprint(searchScript)).js"

    /// The reader's tools on every page (text size, and on articles copy link and print).
    package static let toolsScript: String = load("tools", "js")
    package static let toolsScriptPath: String = "assets/tools.\(fingerprint(toolsScript)).js"

    /// Inlined at the top of every page: applies the reader's saved text size and 长辈模式 before the
    /// page is first drawn (tools.js, deferred, would show the page once at the default first).
    /// Fixed text, so pages stay byte-identical; it reads storage and sets two attributes, nothing else.
    package static let readerSettingsScript = "try{var d=document.documentElement,f=localStorage.getItem('shegong-font'),m=localStorage.getItem('shegong-mode');if(f==='small'||f==='large')d.setAttribute('data-font',f);if(m==='elder')d.setAttribute('data-mode','elder')}catch(e){}"

    /// The file to show where a browser looks for a site icon.
    package static let favicon: String = load("favicon", "svg")
    package static let faviconPath = "assets/favicon.svg"
    /// The share image of pages without a photo: the site's title and description (`ImageLibrary.siteCard`).
    package static let shareCardPath = "assets/share.jpg"

    private static func load(_ name: String, _ ext: String) -> String {
        // Read as an array of bytes: `String(decoding:)` of a `Data` takes the generic, slow path.
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Assets"),
              let bytes = try? FileSystem.readBytes(url.path) else {
            fatalError("Templates/Assets/\(name).\(ext) is missing from the build: rebuild the package")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// FNV-1a, 32 bits, as 8 hex digits: stable across runs and machines (Swift's Hasher is not).
    static func fingerprint(_ text: String) -> String {
        let hex = String(FNV1a.hash32(text), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
