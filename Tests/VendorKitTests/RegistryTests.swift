import Gateway
import PlanModel
import Testing
import VendorKit

@Suite struct RegistryTests {
    @Test func standardRegistryHasUniqueIDs() throws {
        let registry = try Registry.standard()
        let ids = registry.descriptors.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("alignplan"))
    }

    @Test func duplicateIDsAreRefused() throws {
        let one = try Registry.standard().adapters[0]
        #expect(throws: RegistryError.duplicateID(one.descriptor.id)) { try Registry([one, one]) }
    }

    @Test func unknownVendorIsTyped() throws {
        #expect(throws: VendorError.unknownVendor("nope")) { try Registry.standard().adapter("nope") }
    }
}
