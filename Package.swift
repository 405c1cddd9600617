// swift-tools-version: 6.1
import PackageDescription

/// The vendor adapters: one folder under Vendors/ each, a module "<Name>Vendor" and a test target
/// "<Name>VendorTests". Adding a system adds its folder and one name here (`swift package new-vendor`
/// does both); the Gateway's adapter list is generated from these modules.
let vendors = ["AlignPlan", "DicomSTL", "GenericSTL", "OnyxCeph", "Print3MF", "RefSealed", "RefSegmented", "STLSeries", "Teeth3DS"]

/// What every adapter imports; `vendorDependencies` adds what one imports beyond that — MeshIO for a vendor
/// not listed (the `new-vendor` scaffold reads and writes STL). PlanPackage is alignplan's alone.
let vendorBase: [Target.Dependency] = ["VendorKit", "PlanModel", "ArchiveIO"]
let vendorDependencies: [String: [Target.Dependency]] = [
    "AlignPlan": ["PlanPackage"],
    "DicomSTL": ["MeshIO", "Digest"],
    "GenericSTL": ["MeshIO"],
    "OnyxCeph": ["MeshIO", "StageRecovery"],
    "Print3MF": ["MeshIO"],
    "RefSealed": ["MeshIO"],
    "RefSegmented": ["MeshIO"],
    "STLSeries": ["MeshIO", "StageRecovery"],
    "Teeth3DS": ["MeshIO", "StageRecovery"],
]
/// What each vendor's tests import beyond the adapter, the kit, VendorKit and PlanModel: never Gateway or
/// another vendor; tests that need every adapter (probing among them, profile contrasts) run in ConformanceTests.
let vendorTestDependencies: [String: [Target.Dependency]] = [
    "AlignPlan": [],
    "DicomSTL": ["ArchiveIO", "MeshIO", "SampleCases", "Digest"],
    "GenericSTL": ["ArchiveIO", "MeshIO", "SampleCases"],
    "OnyxCeph": ["ArchiveIO", "MeshIO", "SampleCases"],
    "Print3MF": ["ArchiveIO", "MeshIO", "SampleCases"],
    "RefSealed": ["ArchiveIO", "SampleCases"],
    "RefSegmented": ["ArchiveIO", "MeshIO", "SampleCases"],
    "STLSeries": ["ArchiveIO", "MeshIO", "SampleCases"],
    "Teeth3DS": ["ArchiveIO", "MeshIO", "SampleCases"],
]

let vendorTargets: [Target] = vendors.flatMap { name -> [Target] in
    [
        .target(name: "\(name)Vendor", dependencies: vendorBase + (vendorDependencies[name] ?? ["MeshIO"]),
                path: "Vendors/\(name)", exclude: ["FORMAT.md"]),
        .testTarget(name: "\(name)VendorTests",
                    dependencies: [.target(name: "\(name)Vendor"), "VendorConformance", "VendorKit", "PlanModel"]
                        + (vendorTestDependencies[name] ?? []),
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
        .library(name: "PlanReport", targets: ["PlanReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The intake service (`aligngate serve` / `worker`): HTTP, logging, graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The intake service's own channel handler (Expect: 100-continue) under Hummingbird's HTTP/1 pipeline.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        // Tests only: the OpenAPI contract read as YAML by a reader no one here wrote.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // SHA-256 in plain Swift: mesh and plan content hashes, archives hashed as they are written.
        .target(name: "Digest"),
        // Value types and geometry: no I/O, no C.
        .target(name: "PlanModel", dependencies: ["Digest"]),
        // STL / PLY / OBJ codecs, mesh checks, and 3MF documents (the zip through ArchiveIO, the OPC and model rules).
        .target(name: "MeshIO", dependencies: ["PlanModel", "ArchiveIO"]),
        // System libraries: libarchive (read any archive, write tar.*) and libzip (the tests' second AES zip reader).
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive",
                       providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"]), .brew(["libzip"])]),
        // zlib: entries deflated/inflated on every core, and the benchmark's compression floor.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // libdeflate: whole entries (produced, inflated whole, 3MF parts) deflated/inflated ~3× faster than zlib.
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        // libcrypto: WinZip AES (AES-256, HMAC-SHA1, PBKDF2) for encrypted zip entries.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        // Safe, streaming, deterministic archive reading and writing.
        .target(name: "ArchiveIO", dependencies: ["CArchive", "CZlib", "CDeflate", "CLibCrypto", "Digest"]),
        // Manifest mechanics below VendorKit (PlanPackage reads plan.json with them too): the JSON codec with
        // key-path errors, the DecodingError → field-path mapping, the MAJOR.MINOR version gate.
        .target(name: "ManifestCodec"),
        // The adapter contract and toolkit: descriptors, findings, the shared rule library, probing, and the
        // mechanics every adapter shares (docs/INTEGRATOR-GUIDE.md).
        .target(name: "VendorKit", dependencies: ["ManifestCodec", "PlanModel", "MeshIO", "ArchiveIO", "Digest", "StageRecovery"]),
        // The conformance kit every adapter's tests run.
        .target(name: "VendorConformance", dependencies: ["VendorKit", "PlanModel", "ArchiveIO", "SampleCases"]),
        // The use cases and the registry of adapters (generated from the vendor modules it depends on).
        .target(name: "Gateway", dependencies: ["VendorKit", "PlanModel", "PlanPackage", "ArchiveIO", "Ledger", "Digest", "PlanReport"]
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
        .target(name: "PlanPackage", dependencies: ["ManifestCodec", "PlanModel", "MeshIO", "ArchiveIO", "Digest"]),
        // The doctor's review report: plan + checks + approval state → one self-contained HTML file (pure, no I/O).
        .target(name: "PlanReport", dependencies: ["PlanModel", "VendorKit", "Digest"]),
        // The staging of a plan recovered from its stage models, geometry only (no I/O).
        .target(name: "StageRecovery", dependencies: ["PlanModel"]),
        // Deterministic, plausible sample cases (the bundled default workload).
        .target(name: "SampleCases", dependencies: ["PlanModel"]),
        // Aligned text tables for the CLI and the benchmark.
        .target(name: "TextReport"),
        // `aligngate bench`: the export/intake phases against the zlib and libdeflate floors, peak RSS, scaling (docs/PERFORMANCE.md).
        .target(name: "PerformanceBench", dependencies: ["Gateway", "VendorKit", "SampleCases", "ArchiveIO", "PlanModel", "CZlib", "CDeflate", "TextReport"]),
        // The intake service: the HTTP API (its OpenAPI document is OpenAPIDocument.swift), the upload store, in-process workers on the ledger's job queue.
        .target(name: "IntakeService",
                dependencies: ["Gateway", "Ledger", "VendorKit", "PlanModel", "PlanPackage", "Digest",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")]),
        // The intake service's ledger on PostgreSQL (many servers and workers): the same LedgerStore protocol.
        .target(name: "LedgerPostgres",
                dependencies: ["Ledger", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                               // The pool's error type (mapped to a readable LedgerError) and NIO's connect failures.
                               .product(name: "_ConnectionPoolModule", package: "postgres-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
        // The CLI: parsing and printing only.
        .executableTarget(
            name: "aligngate",
            dependencies: [
                "PlanModel", "MeshIO", "PlanPackage", "SampleCases", "ArchiveIO", "VendorKit", "Gateway", "Ledger", "PerformanceBench", "PlanReport", "TextReport", "IntakeService", "LedgerPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel", "Digest"]),
        .testTarget(name: "MeshIOTests", dependencies: ["MeshIO", "PlanModel", "ArchiveIO"]),
        .testTarget(name: "ArchiveIOTests", dependencies: ["ArchiveIO", "Digest", "CZip", "CZlib"]),
        .testTarget(name: "VendorKitTests", dependencies: ["VendorKit", "Gateway", "PlanModel", "SampleCases", "ArchiveIO"]),
        // The tests that need every built-in adapter: the foreign probe, probing among all, profile contrasts.
        .testTarget(name: "ConformanceTests", dependencies: ["Gateway", "VendorConformance", "VendorKit", "ArchiveIO",
                                                             "PlanModel", "SampleCases"]),
        .testTarget(name: "PlanPackageTests", dependencies: ["PlanPackage", "SampleCases", "MeshIO", "PlanModel", "ArchiveIO"]),
        .testTarget(name: "StageRecoveryTests", dependencies: ["StageRecovery", "PlanModel", "SampleCases", "VendorKit", "MeshIO"]),
        .testTarget(name: "SampleCasesTests", dependencies: ["SampleCases", "PlanModel", "MeshIO"]),
        .testTarget(name: "aligngateTests", dependencies: ["aligngate", "VendorKit"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "LedgerPostgres", "Gateway", "PlanModel", "PlanPackage", "SampleCases", "VendorKit",
                                                       .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PlanReportTests", dependencies: ["PlanReport", "Gateway", "Ledger", "PlanModel", "PlanPackage", "SampleCases",
                                                           "VendorKit", "Digest", "CZlib", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PerformanceBenchTests", dependencies: ["PerformanceBench", "Gateway", "VendorKit", "SampleCases", "ArchiveIO", "TextReport"]),
        .testTarget(name: "TextReportTests", dependencies: ["TextReport"]),
        .testTarget(name: "IntakeServiceTests", dependencies: ["IntakeService", "Ledger", "LedgerPostgres", "Gateway", "SampleCases", "PlanModel",
                                                              "PlanPackage", "Digest", .product(name: "Logging", package: "swift-log"),
                                                              .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                              .product(name: "GRDB", package: "GRDB.swift"),
                                                              .product(name: "PostgresNIO", package: "postgres-nio"),
                                                              // ContractTests read the OpenAPI document with a YAML reader no one here wrote.
                                                              .product(name: "Yams", package: "Yams")]),
    ] + vendorTargets
)
