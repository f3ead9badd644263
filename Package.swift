// swift-tools-version:6.0
import PackageDescription

// Dependencies, each paid for in CI build time:
// - swift-argument-parser: the `build-site` command line (subcommands, help, usage errors).
// System libraries (Debian): libcmark-dev (Markdown), libyaml-dev (front matter), libssl-dev (SHA-256),
// libopencc-dev (Traditional → Simplified, import), libxml2-dev (HTML pages, import). libyaml directly rather than through a Swift YAML package:
// its events give every node's line and column and let aliases be refused before they expand, and
// it costs no compile time (Yams took 16 s of a cold debug build).
// The product's command is `swift run build-site`, which builds the debug configuration; unoptimised,
// the generator runs 4–6× slower than in release. The two modules a build spends its time in
// (SiteCore, Templates) are therefore optimised in debug too: a 10,000-article build takes ~4 s
// instead of ~12 s, for ~15 s more of a cold compile; optimising SiteGenerator as well would add
// ~10 s more for ~0.3 s (README, "Speed as typed"). Their code then steps poorly in a debugger:
// `DEBUG_UNOPTIMIZED=1 swift build` builds them without optimisation.
// Release builds carry the Swift runtime and Foundation in the binary (`-static-stdlib`, what
// `swift build --static-swift-stdlib` does, for every module of ours: a module that imports
// Foundation names the static libraries it needs only when compiled so). `build-site` then starts in
// 5 ms instead of 8 (no Swift library to map and bind symbol by symbol): a tenth of a no-op rebuild,
// and the binary runs where the toolchain is not installed (Debian's C libraries stay shared). Debug
// builds (`swift run build-site`, the tests) link the toolchain's shared libraries as before: linked
// statically, each binary is 84 MB, and every edit-compile-run would pay for that link.
let selfContained: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
let selfContainedLink: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
let hot: [SwiftSetting] = (Context.environment["DEBUG_UNOPTIMIZED"] == nil ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : []) + selfContained

let package = Package(
    name: "SheGongNews",
    products: [
        .executable(name: "build-site", targets: ["build-site"]),
        .library(name: "SiteGenerator", targets: ["SiteGenerator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Debian's libcmark-dev: the CommonMark reference implementation in C.
        .systemLibrary(
            name: "CCmark",
            path: "Sources/CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Debian's libyaml-dev: the YAML 1.1 parser in C (front matter, site.yaml, regions.yaml).
        .systemLibrary(
            name: "CLibYAML",
            path: "Sources/CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Debian's libssl-dev (its libcrypto): SHA-256 for the SHA256SUMS list a build publishes.
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Debian's libopencc-dev: Traditional → Simplified for `build-site import`.
        .systemLibrary(
            name: "COpenCC",
            path: "Sources/COpenCC",
            pkgConfig: "opencc",
            providers: [.apt(["libopencc-dev"])]
        ),
        // Debian's libxml2-dev: its HTML parser, for `build-site import` of saved web pages.
        // Debian's libqrencode-dev: QR codes of article URLs, as inline SVG (no third-party QR service).
        .systemLibrary(
            name: "CQREncode",
            path: "Sources/CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // Debian's libvips (libvips-dev installs it): article photos resized, turned upright and
        // stripped of metadata. Opened when a photo is, not linked (see Sources/CVips/shim.h).
        .systemLibrary(
            name: "CVips",
            path: "Sources/CVips"
        ),
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // OpenCC's dictionaries read entry by entry (C++, through libopencc's own reader): the 繁體版's
        // converter is built from them (SiteCore/Text/ChineseScript.swift).
        .target(
            name: "COpenCCDictionary",
            path: "Sources/COpenCCDictionary",
            linkerSettings: [.linkedLibrary("opencc"), .linkedLibrary("stdc++")]
        ),
        // A few libc calls Swift's Glibc module does not export (renameat2).
        .target(name: "CPlatform", path: "Sources/CPlatform"),
        // The pipeline's model and stages: load, markdown, index, write.
        .target(
            name: "SiteCore",
            dependencies: ["CCmark", "CLibYAML", "COpenSSL", "CPlatform", "CQREncode", "COpenCCDictionary"],
            path: "Sources/SiteCore",
            swiftSettings: hot
        ),
        // Swift-string templates: one function per page kind, over an escaping HTML type.
        .target(
            name: "Templates",
            dependencies: ["SiteCore"],
            path: "Templates",
            resources: [.copy("Assets")],
            swiftSettings: hot
        ),
        // Orchestration: content folder in, published output folder out.
        .target(
            name: "SiteGenerator",
            dependencies: ["SiteCore", "Templates", "CVips"],
            path: "Sources/SiteGenerator",
            swiftSettings: selfContained
        ),
        // `build-site import`: raw scraped pages → clean, reviewable articles.
        .target(name: "Importer", dependencies: ["SiteCore", "COpenCC", "CLibXML2"], path: "Sources/Importer", swiftSettings: selfContained),
        // `build-site serve`: a loopback preview server with live reload (server-sent events).
        .target(name: "PreviewServer", dependencies: ["SiteCore"], path: "Sources/PreviewServer", swiftSettings: selfContained),
        .executableTarget(
            name: "build-site",
            dependencies: ["SiteGenerator", "PreviewServer", "Importer", "CPlatform", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/build-site",
            swiftSettings: selfContained,
            linkerSettings: selfContainedLink
        ),
        // For development only, not shipped in the library: the synthetic corpus (benchmarks, tests)
        // and the fuzz harness.
        .target(name: "SiteDevelopment", dependencies: ["SiteCore", "SiteGenerator"], path: "Sources/SiteDevelopment", swiftSettings: selfContained),
        // The benchmark: full, no-op and one-edit builds of a synthetic corpus (README, "Speed").
        .executableTarget(
            name: "site-bench",
            dependencies: ["SiteGenerator", "SiteDevelopment", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/site-bench",
            swiftSettings: selfContained,
            linkerSettings: selfContainedLink
        ),
        // libFuzzer target over the article loader; a corpus replayer when built without -DFUZZING.
        .executableTarget(
            name: "fuzz-article-loader",
            dependencies: ["SiteCore", "SiteDevelopment"],
            path: "Sources/fuzz-article-loader",
            swiftSettings: selfContained,
            linkerSettings: selfContainedLink
        ),
        .testTarget(
            name: "SiteGeneratorTests",
            dependencies: ["SiteGenerator", "SiteCore", "Templates", "PreviewServer", "Importer", "SiteDevelopment"],
            path: "Tests/SiteGeneratorTests",
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
