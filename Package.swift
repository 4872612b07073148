// swift-tools-version: 6.1
import PackageDescription

/// Galley: an editorial workflow and publishing tool for newsrooms.
/// Layers (lower never imports upper): Clibgit2 → GitKit → GalleyCore → GalleyCLI → galley;
/// CSystem (C library calls Swift's Glibc module leaves out: syncfs, malloc_trim, openat2) → GalleyCore;
/// CGitOptions (libgit2 settings made in C: object hash checks, the CA bundle loaded only before
/// a network operation) → GitKit.
let package = Package(
    name: "galley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "galley", targets: ["galley"]),
        .library(name: "GalleyCore", targets: ["GalleyCore"]),
        .library(name: "GitKit", targets: ["GitKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "CGitOptions", dependencies: ["Clibgit2"]),
        .target(name: "GitKit", dependencies: ["Clibgit2", "CGitOptions"]),
        .target(name: "CSystem"),
        .target(
            name: "GalleyCore",
            dependencies: [
                "GitKit",
                "CSystem",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
        ),
        .target(
            name: "GalleyCLI",
            dependencies: [
                "GalleyCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "galley", dependencies: ["GalleyCLI"]),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit"]),
        .testTarget(name: "GalleyCoreTests", dependencies: [
            "GalleyCore", "GitKit", .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .testTarget(name: "GalleyCLITests", dependencies: [
            "GalleyCLI", "galley", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ]
)
