import Foundation
import Gateway
import Testing
import VendorKit

/// docs/FINDINGS.md lists every code the code base can emit.
@Suite struct FindingsDocTests {
    static let doc: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/FINDINGS.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everySharedCodeIsDocumented() {
        #expect(!Self.doc.isEmpty, "docs/FINDINGS.md is missing")
        for code in FindingCode.all {
            let listed = Self.doc.contains("`\(code)`")
            #expect(listed, "docs/FINDINGS.md lacks \(code)")
        }
    }

    @Test func everyAdapterCodeIsDocumented() throws {
        for adapter in try Registry.standard().adapters {
            for code in adapter.formatFindingCodes {
                let listed = Self.doc.contains("`\(code)`")
                #expect(listed, "docs/FINDINGS.md lacks \(code) (\(adapter.descriptor.id))")
            }
        }
    }
}
