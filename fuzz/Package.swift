// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses for every parser aligngate feeds with outside bytes (README, "Fuzzing").
// A package of its own, so the main build is unaffected: `fuzz/run` builds it with
// `-sanitize=fuzzer,address` into `.build-fuzz`. `aligngate` is a symlink to the checkout, so the
// dependency's identity does not depend on the folder the checkout happens to be in.
let package = Package(
    name: "aligngate-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "aligngate")],
    targets: [
        .executableTarget(
            name: "AlignGateFuzz",
            dependencies: [
                .product(name: "MeshIO", package: "aligngate"), .product(name: "ArchiveIO", package: "aligngate"),
                .product(name: "PlanModel", package: "aligngate"), .product(name: "PlanPackage", package: "aligngate"),
                .product(name: "SampleCases", package: "aligngate"), .product(name: "VendorKit", package: "aligngate"),
                .product(name: "Gateway", package: "aligngate"),
            ],
            path: "Harnesses",
            // libFuzzer brings main(); the harness only defines LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]),
    ]
)
