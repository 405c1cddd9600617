import ArchiveIO
import Foundation
import Gateway
import Testing
import VendorKit

/// Probing among every built-in adapter, moved here from the vendor test targets so each of those builds
/// only its own vendor: the adapter that wrote an archive is the one picked, and the others' stricter
/// claims about foreign output (generic-stl: 0, print-3mf: < 25, nothing claims a sealed archive).
@Suite struct CrossVendorProbeTests {
    @Test(arguments: ["generic-stl", "print-3mf", "ref-segmented", "stl-series"])
    func probingPicksTheAdapterThatWroteIt(_ id: String) throws {
        let adapters = try CrossVendor.registry().adapters
        let url = try CrossVendor.export(try #require(adapters.first { $0.descriptor.id == id }))
        #expect(try Probe.choose(try ArchiveListing.load(url), adapters: adapters).descriptor.id == id)
    }

    @Test func genericSTLIsPickedThroughTheGateway() throws {
        let registry = try CrossVendor.registry()
        let outcome = try Intake.run(try CrossVendor.export(try registry.adapter("generic-stl")), registry: registry)
        #expect(outcome.vendor == "generic-stl" && outcome.isAccepted)
    }

    @Test func genericSTLScoresZeroOnEveryOtherAdaptersOutput() throws {
        let registry = try CrossVendor.registry()
        let generic = try registry.adapter("generic-stl")
        var others = 0
        for other in registry.adapters where other.descriptor.id != "generic-stl" && other.descriptor.direction.exports {
            // An adapter that refuses this plan (its own rules) has no output to claim.
            guard let url = try? CrossVendor.export(other) else { continue }
            let listing = try ArchiveListing.load(url, password: CrossVendor.password(other))
            #expect(generic.probe(listing) == 0, "\(other.descriptor.id)")
            others += 1
        }
        #expect(others >= 1)
    }

    @Test func print3MFScoresBelow25OnEveryOtherAdaptersOutput() throws {
        let registry = try CrossVendor.registry()
        let print3MF = try registry.adapter("print-3mf")
        for other in registry.adapters where other.descriptor.id != "print-3mf" && other.descriptor.direction.exports {
            let url = try CrossVendor.export(other)
            #expect(print3MF.probe(try ArchiveListing.load(url)) < 25, "\(other.descriptor.id)")
        }
    }

    @Test func aSealedArchiveIsClaimedByRefSealedAloneAndTheGatewayAsksForItsPassword() throws {
        let registry = try CrossVendor.registry()
        let url = try CrossVendor.export(try registry.adapter("ref-sealed"))
        for password in [nil, CrossVendor.sealedPassword] as [String?] {
            let listing = try ArchiveListing.load(url, password: password)
            #expect(try Probe.choose(listing, adapters: registry.adapters).descriptor.id == "ref-sealed")
            for other in registry.adapters where other.descriptor.id != "ref-sealed" {
                #expect(other.probe(listing) < 25, "\(other.descriptor.id) claims a ref-sealed archive")
            }
        }
        do {
            _ = try Intake.run(url, registry: registry)
            Issue.record("a sealed archive was read without its password")
        } catch {
            guard case let .password("ref-sealed", detail) = error else { Issue.record("expected a password error, got \(error)"); return }
            #expect(detail.contains("give its password"), "\(detail)")
        }
        let outcome = try Intake.run(url, registry: registry, options: IntakeOptions(password: CrossVendor.sealedPassword))
        #expect(outcome.vendor == "ref-sealed")
        #expect(outcome.readReport.errors.isEmpty)
    }
}
