// swift-tools-version: 6.1
import PackageDescription

/// The vendor adapters: one folder under Vendors/ each, a module "<Name>Vendor" and a test target
/// "<Name>VendorTests". Adding a system adds its folder and one name here (`swift package new-vendor`
/// does both); the Gateway's adapter list is generated from these modules.
let vendors = ["AlignPlan", "DicomSTL", "GenericSTL", "Print3MF", "RefSealed", "RefSegmented", "STLSeries", "Teeth3DS"]

/// Modules a vendor needs beyond the common ones.
let vendorExtraDependencies: [String: [Target.Dependency]] = ["STLSeries": ["StageRecovery"]]

let vendorTargets: [Target] = vendors.flatMap { name -> [Target] in
    [
        .target(name: "\(name)Vendor", dependencies: ["VendorKit", "PlanModel", "MeshIO", "ArchiveIO", "PlanPackage", "Digest"]
                    + (vendorExtraDependencies[name] ?? []),
                path: "Vendors/\(name)", exclude: ["FORMAT.md"]),
        .testTarget(name: "\(name)VendorTests",
                    dependencies: [.target(name: "\(name)Vendor"), "VendorConformance", "Gateway", "VendorKit",
                                   "PlanModel", "MeshIO", "ArchiveIO", "SampleCases", "Digest"],
                    path: "Tests/VendorTests/\(name)"),
    ]
}

let package = Package(
    name: "aligngate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aligngate", targets: ["aligngate"]),
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "MeshIO", targets: ["MeshIO"]),
        .library(name: "PlanPackage", targets: ["PlanPackage"]),
        .library(name: "SampleCases", targets: ["SampleCases"]),
        .library(name: "ArchiveIO", targets: ["ArchiveIO"]),
        .library(name: "VendorKit", targets: ["VendorKit"]),
        .library(name: "VendorConformance", targets: ["VendorConformance"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "Ledger", targets: ["Ledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // SHA-256 in plain Swift: mesh and plan content hashes, archives hashed as they are written.
        .target(name: "Digest"),
        // Value types and geometry: no I/O, no C.
        .target(name: "PlanModel", dependencies: ["Digest"]),
        // STL / PLY / OBJ codecs and mesh checks.
        .target(name: "MeshIO", dependencies: ["PlanModel"]),
        // System libraries: libarchive (read any archive, write tar.*) and libzip (zip, ZIP64, AES-256).
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive",
                       providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"]), .brew(["libzip"])]),
        // zlib: entries deflated/inflated on every core, and the benchmark's compression floor.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // Safe, streaming, deterministic archive reading and writing.
        .target(name: "ArchiveIO", dependencies: ["CArchive", "CZip", "CZlib", "Digest"]),
        // The adapter contract: descriptors, findings, the shared rule library, probing.
        .target(name: "VendorKit", dependencies: ["PlanModel", "MeshIO", "ArchiveIO", "Digest"]),
        // The conformance kit every adapter's tests run.
        .target(name: "VendorConformance", dependencies: ["VendorKit", "PlanModel", "ArchiveIO", "SampleCases"]),
        // The use cases and the registry of adapters (generated from the vendor modules it depends on).
        .target(name: "Gateway", dependencies: ["VendorKit", "PlanModel", "PlanPackage", "ArchiveIO", "Ledger", "Digest"]
                    + vendors.map { .target(name: "\($0)Vendor") },
                plugins: ["VendorRegistry"]),
        // The ledger: plan revisions, approvals, exports, intakes and the hash-chained audit log (SQLite via GRDB).
        .target(name: "Ledger", dependencies: ["PlanModel", "Digest", .product(name: "GRDB", package: "GRDB.swift")]),
        // Writes the Gateway's BuiltInVendors list; run by the VendorRegistry build-tool plugin.
        .executableTarget(name: "VendorRegistryGenerator"),
        .plugin(name: "VendorRegistry", capability: .buildTool(), dependencies: ["VendorRegistryGenerator"]),
        // `swift package --allow-writing-to-package-directory new-vendor NAME`.
        .plugin(name: "NewVendor",
                capability: .command(intent: .custom(verb: "new-vendor", description: "Scaffold a vendor adapter that passes the conformance kit"),
                                     permissions: [.writeToPackageDirectory(reason: "creates Vendors/NAME, Tests/VendorTests/NAME and adds NAME to the vendors list")])),
        // The native `.alignplan` format.
        .target(name: "PlanPackage", dependencies: ["PlanModel", "MeshIO", "ArchiveIO", "Digest"]),
        // The staging of a plan recovered from its stage models, geometry only (no I/O).
        .target(name: "StageRecovery", dependencies: ["PlanModel"]),
        // Deterministic, plausible sample cases (the bundled default workload).
        .target(name: "SampleCases", dependencies: ["PlanModel"]),
        // `aligngate bench`: the export/intake phases against the zlib floor, peak RSS, scaling (docs/PERFORMANCE.md).
        .target(name: "PerformanceBench", dependencies: ["Gateway", "GenericSTLVendor", "VendorKit", "SampleCases", "ArchiveIO", "PlanModel", "CZlib"]),
        // The CLI: parsing and printing only.
        .executableTarget(
            name: "aligngate",
            dependencies: [
                "PlanModel", "MeshIO", "PlanPackage", "SampleCases", "ArchiveIO", "VendorKit", "Gateway", "Ledger", "PerformanceBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel", "Digest"]),
        .testTarget(name: "MeshIOTests", dependencies: ["MeshIO", "PlanModel"]),
        .testTarget(name: "ArchiveIOTests", dependencies: ["ArchiveIO", "Digest"]),
        .testTarget(name: "VendorKitTests", dependencies: ["VendorKit", "Gateway", "PlanModel", "SampleCases"]),
        .testTarget(name: "PlanPackageTests", dependencies: ["PlanPackage", "SampleCases", "MeshIO", "PlanModel"]),
        .testTarget(name: "StageRecoveryTests", dependencies: ["StageRecovery", "PlanModel", "SampleCases", "VendorKit", "MeshIO"]),
        .testTarget(name: "SampleCasesTests", dependencies: ["SampleCases", "PlanModel", "MeshIO"]),
        .testTarget(name: "aligngateTests", dependencies: ["aligngate"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "Gateway", "PlanModel", "PlanPackage", "SampleCases", "VendorKit",
                                                       .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PerformanceBenchTests", dependencies: ["PerformanceBench", "Gateway", "VendorKit", "SampleCases"]),
    ] + vendorTargets
)
