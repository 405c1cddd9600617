import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-vendor NAME [--id ID]`: scaffolds an adapter
/// that compiles and passes the conformance kit — Vendors/NAME/, Tests/VendorTests/NAME/ — and adds NAME
/// to the `vendors` list in Package.swift, the only core line a new system touches.
@main
struct NewVendor: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) throws {
        var extractor = ArgumentExtractor(arguments)
        let explicitID = extractor.extractOption(named: "id").last
        guard let name = extractor.remainingArguments.first, extractor.remainingArguments.count == 1 else {
            throw ScaffoldError("usage: swift package --allow-writing-to-package-directory new-vendor NAME [--id ID]")
        }
        guard let first = name.first, first.isUppercase, first.isASCII,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ScaffoldError("'\(name)' must be an UpperCamelCase name of ASCII letters and digits, e.g. AcmeAligners")
        }
        let id = explicitID ?? Self.kebab(name)
        guard id.first?.isLetter == true, id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw ScaffoldError("id '\(id)' must be lower-case letters, digits and dashes")
        }
        let root = context.package.directoryURL
        let fm = FileManager.default
        let vendorFolder = root.appendingPathComponent("Vendors/\(name)")
        let testFolder = root.appendingPathComponent("Tests/VendorTests/\(name)")
        for folder in [vendorFolder, testFolder] where fm.fileExists(atPath: folder.path) {
            throw ScaffoldError("\(folder.path) already exists; choose another name")
        }
        let manifest = root.appendingPathComponent("Package.swift")
        let package = try String(contentsOf: manifest, encoding: .utf8)
        let updated = try Self.addVendor(name, to: package)

        let files = Templates(name: name, id: id)
        try fm.createDirectory(at: vendorFolder, withIntermediateDirectories: true)
        try fm.createDirectory(at: testFolder, withIntermediateDirectories: true)
        try files.adapter.write(to: vendorFolder.appendingPathComponent("\(name)Adapter.swift"), atomically: true, encoding: .utf8)
        try files.format.write(to: vendorFolder.appendingPathComponent("FORMAT.md"), atomically: true, encoding: .utf8)
        try files.test.write(to: testFolder.appendingPathComponent("\(name)ConformanceTests.swift"), atomically: true, encoding: .utf8)
        try updated.write(to: manifest, atomically: true, encoding: .utf8)
        print("""
            Created Vendors/\(name)/ (adapter \(name)Adapter, id "\(id)", FORMAT.md) and Tests/VendorTests/\(name)/,
            and added "\(name)" to the vendors list in Package.swift.
            Next: swift test --filter \(name)VendorTests — then replace the template format with the system's
            own (docs/INTEGRATOR-GUIDE.md).
            """)
    }

    /// "AcmeAligners" → "acme-aligners".
    static func kebab(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase && i > 0 { out.append("-") }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }

    /// Inserts `name` into `let vendors = [ … ]`, keeping the list's style; refuses a duplicate.
    static func addVendor(_ name: String, to package: String) throws -> String {
        guard let start = package.range(of: "let vendors = ["),
              let end = package.range(of: "]", range: start.upperBound..<package.endIndex) else {
            throw ScaffoldError("Package.swift has no `let vendors = [ … ]` list")
        }
        let body = package[start.upperBound..<end.lowerBound]
        let names = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            .filter { !$0.isEmpty }
        guard !names.contains(name) else { throw ScaffoldError("\(name) is already in the vendors list") }
        let list = (names + [name]).map { "\"\($0)\"" }.joined(separator: ", ")
        return package.replacingCharacters(in: start.upperBound..<end.lowerBound, with: list)
    }
}

struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
