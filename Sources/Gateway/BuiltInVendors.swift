import AlignPlanVendor
import GenericSTLVendor
import VendorKit

/// The adapters built into aligngate: the one list (besides Package.swift's `vendors`) a new system joins.
public enum BuiltInVendors {
    public static let all: [any VendorAdapter] = [
        AlignPlanAdapter(),
        GenericSTLAdapter(),
    ]
}
