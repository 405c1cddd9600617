// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "aligngate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aligngate", targets: ["aligngate"]),
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "MeshIO", targets: ["MeshIO"]),
        .library(name: "PlanPackage", targets: ["PlanPackage"]),
        .library(name: "SampleCases", targets: ["SampleCases"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Value types and geometry: no I/O, no C.
        .target(name: "PlanModel"),
        // STL / PLY / OBJ codecs and mesh checks.
        .target(name: "MeshIO", dependencies: ["PlanModel"]),
        // The native `.alignplan` format.
        .target(name: "PlanPackage", dependencies: ["PlanModel", "MeshIO"]),
        // Deterministic, plausible sample cases (the bundled default workload).
        .target(name: "SampleCases", dependencies: ["PlanModel"]),
        // The CLI: parsing and printing only.
        .executableTarget(
            name: "aligngate",
            dependencies: [
                "PlanModel", "MeshIO", "PlanPackage", "SampleCases",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel"]),
        .testTarget(name: "MeshIOTests", dependencies: ["MeshIO", "PlanModel"]),
        .testTarget(name: "PlanPackageTests", dependencies: ["PlanPackage", "SampleCases", "MeshIO", "PlanModel"]),
        .testTarget(name: "SampleCasesTests", dependencies: ["SampleCases", "PlanModel", "MeshIO"]),
        .testTarget(name: "aligngateTests", dependencies: ["aligngate"]),
    ]
)
