import Gateway
import VendorKit

extension BenchRunner {
    /// The password `vendor`'s archives are sealed and opened with in the bench: the demo's sample
    /// password (`Demo.password`) for a system that encrypts, none otherwise — so every registered vendor runs.
    public func password(for vendor: String) throws(VendorError) -> String? {
        try registry.adapter(vendor).descriptor.capabilities.encryption ? Demo.password : nil
    }
}
