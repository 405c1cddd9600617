import Foundation
import PackagePlugin

/// Generates `BuiltInVendors.swift` for the target it is applied to (the Gateway) from that target's
/// dependencies on vendor modules (those whose sources live under Vendors/): the vendor list in
/// Package.swift stays the only list.
@main
struct VendorRegistry: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let vendorsFolder = context.package.directoryURL.appendingPathComponent("Vendors").standardizedFileURL.path
        let modules = target.dependencies.compactMap { dependency -> String? in
            guard case let .target(dependent) = dependency, let source = dependent as? SourceModuleTarget else { return nil }
            return source.directoryURL.standardizedFileURL.path.hasPrefix(vendorsFolder + "/") ? source.moduleName : nil
        }.sorted()
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuiltInVendors.swift")
        return [
            .buildCommand(
                displayName: "Generating the vendor registry (\(modules.count) adapters)",
                executable: try context.tool(named: "VendorRegistryGenerator").url,
                arguments: [output.path] + modules,
                inputFiles: [context.package.directoryURL.appendingPathComponent("Package.swift")],
                outputFiles: [output]),
        ]
    }
}
