import VendorKit

/// The adapters the gateway knows, by id. Ids are unique: a duplicate is refused, never shadowed.
public struct Registry: Sendable {
    public let adapters: [any VendorAdapter]

    /// A registry of `adapters`, in the order given.
    public init(_ adapters: [any VendorAdapter]) throws(RegistryError) {
        var seen = Set<String>()
        for adapter in adapters {
            let id = adapter.descriptor.id
            guard !seen.contains(id) else { throw .duplicateID(id) }
            seen.insert(id)
        }
        self.adapters = adapters
    }

    /// Every built-in adapter (`BuiltInVendors.all`).
    public static func standard() throws(RegistryError) -> Registry { try Registry(BuiltInVendors.all) }

    /// Descriptors, in registry order.
    public var descriptors: [VendorDescriptor] { adapters.map(\.descriptor) }

    /// The adapter with `id`.
    public func adapter(_ id: String) throws(VendorError) -> any VendorAdapter {
        guard let found = adapters.first(where: { $0.descriptor.id == id }) else { throw .unknownVendor(id) }
        return found
    }
}

/// A registry that cannot be built.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateID(String)

    public var description: String {
        switch self {
        case let .duplicateID(id): return "two vendor adapters share the id '\(id)'; ids must be unique"
        }
    }
}
