import VendorKit

/// The registry's handle on this module: the Gateway's generated list (the VendorRegistry plugin) uses it.
public let vendorAdapter: any VendorAdapter = OnyxCephAdapter()
