import Foundation
import Testing
@testable import PlanModel

@Suite struct ToothNotationTests {
    private func tooth(_ fdi: Int) throws -> ToothID { try ToothID(fdi: fdi) }

    // MARK: tables

    @Test func fdiNumbersAreExactlyThe52Teeth() throws {
        let valid = (0...99).filter { (try? ToothID(fdi: $0)) != nil }
        let expected = [11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 27, 28,
                        31, 32, 33, 34, 35, 36, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48,
                        51, 52, 53, 54, 55, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 81, 82, 83, 84, 85]
        #expect(valid == expected)
        #expect(ToothID.permanent.map(\.fdi) == Array(expected.prefix(32)))
        #expect(ToothID.primary.map(\.fdi) == Array(expected.suffix(20)))
        #expect(throws: ToothNumberError.invalid("19", notation: .fdi)) { try ToothID(fdi: 19) }
        #expect(throws: ToothNumberError.invalid("-11", notation: .fdi)) { try ToothID(fdi: -11) }
    }

    @Test func universalAnchorsFromTheDomainNotes() throws {
        let anchors = [1: 18, 8: 11, 9: 21, 16: 28, 17: 38, 24: 31, 25: 41, 32: 48]
        for (universal, fdi) in anchors {
            #expect(try ToothID(universal: universal).fdi == fdi, "Universal \(universal)")
            #expect(try tooth(fdi).universal == String(universal))
        }
        let letters: [Character: Int] = ["A": 55, "J": 65, "K": 75, "T": 85, "E": 51, "F": 61, "O": 71, "P": 81]
        for (letter, fdi) in letters {
            #expect(try ToothID(universalLetter: letter).fdi == fdi, "Universal \(letter)")
            #expect(try tooth(fdi).universal == String(letter))
        }
    }

    @Test func universalRunsAroundTheMouth() throws {
        // Consecutive Universal numbers are neighbours in the arch, except across the jaws (16→17).
        for n in 1..<32 where n != 16 {
            let a = try ToothID(universal: n), b = try ToothID(universal: n + 1)
            #expect(a.isAdjacent(to: b), "Universal \(n) and \(n + 1)")
            #expect(a.jaw == b.jaw)
        }
        #expect(try ToothID(universal: 16).jaw == .upper)
        #expect(try ToothID(universal: 17).jaw == .lower)
    }

    @Test func permanentRoundTripsThroughEveryNotation() throws {
        var universals = Set<String>()
        for t in ToothID.permanent {
            let u = t.universal
            universals.insert(u)
            let number = try #require(Int(u))
            #expect(try ToothID(universal: number) == t)
            #expect(try ToothID(parsing: u, notation: .universal) == t)
            #expect(try ToothID(parsing: "#" + u) == t)
            #expect(try ToothID(parsing: t.palmer) == t)
            #expect(try ToothID(parsing: t.palmer, notation: .palmer) == t)
            #expect(try ToothID(parsing: String(t.fdi)) == t)
            #expect(try ToothID(parsing: "FDI \(t.fdi)", notation: .fdi) == t)
            for n in ToothNotation.allCases {
                #expect(try ToothID(parsing: t.formatted(n), notation: n) == t, "\(t) as \(n)")
            }
            // Palmer: quadrant symbol plus the FDI position digit.
            #expect(t.palmer == t.palmerQuadrant.rawValue + String(t.position))
        }
        #expect(universals == Set((1...32).map(String.init)))
    }

    @Test func primaryRoundTripsThroughEveryNotation() throws {
        var letters = Set<String>()
        for t in ToothID.primary {
            letters.insert(t.universal)
            #expect(try ToothID(parsing: t.universal) == t)
            #expect(try ToothID(parsing: t.universal.lowercased()) == t)
            #expect(try ToothID(parsing: t.palmer) == t)
            #expect(try ToothID(parsing: String(t.fdi)) == t)
            for n in ToothNotation.allCases {
                #expect(try ToothID(parsing: t.formatted(n), notation: n) == t, "\(t) as \(n)")
            }
            let letter = Array("ABCDE")[t.position - 1]
            #expect(t.palmer == t.palmerQuadrant.rawValue + String(letter))
        }
        #expect(letters == Set("ABCDEFGHIJKLMNOPQRST".map(String.init)))
    }

    @Test func palmerSamples() throws {
        #expect(try tooth(11).palmer == "UR1")
        #expect(try tooth(28).palmer == "UL8")
        #expect(try tooth(36).palmer == "LL6")
        #expect(try tooth(43).palmer == "LR3")
        #expect(try tooth(55).palmer == "URE")
        #expect(try tooth(64).palmer == "ULD")
        #expect(try tooth(71).palmer == "LLA")
        #expect(try tooth(83).palmer == "LRC")
        #expect(try tooth(85).formatted(.universal) == "T")
        #expect(try tooth(36).formatted(.fdi) == "36")
    }

    // MARK: parsing

    @Test(arguments: [
        ("11", 11), ("UR1", 11), ("ul-3", 23), ("#8", 11), ("8", 11), ("A", 55), ("k", 75),
        ("FDI 36", 36), (" 21 ", 21), ("LL A", 71), ("lr_8", 48), ("#32", 48), ("#t", 85),
        ("10", 22), ("1", 18), ("fdi85", 85), ("\t48\n", 48),
    ])
    func parsesUsualSpellings(text: String, fdi: Int) throws {
        #expect(try ToothID(parsing: text).fdi == fdi)
    }

    @Test(arguments: [
        ("19", ToothNotation.fdi), ("99", .fdi), ("20", .fdi), ("30", .fdi), ("0", .universal),
        ("#33", .universal), ("#0", .universal), ("UR9", .palmer), ("UR0", .palmer), ("LLF", .palmer),
        ("FDI 19", .fdi), ("FDI", .fdi), ("Z", .universal), ("u", .universal), ("#", .universal),
    ])
    func rejectsBadNumbersNamingTheNotation(text: String, notation: ToothNotation) {
        #expect(throws: ToothNumberError.invalid(text, notation: notation)) { try ToothID(parsing: text) }
    }

    @Test(arguments: ["UX1", "", "   ", "1.5", "+8", "-5x", "11a", "UR12", "٣"])
    func rejectsTextInNoNotation(text: String) {
        #expect(throws: ToothNumberError.invalid(text, notation: nil)) { try ToothID(parsing: text) }
    }

    @Test func explicitNotationIsNotGuessed() throws {
        // Universal 11 is the upper left canine, FDI 23.
        #expect(try ToothID(parsing: "11", notation: .universal).fdi == 23)
        #expect(try ToothID(parsing: "11", notation: .fdi).fdi == 11)
        #expect(throws: ToothNumberError.invalid("8", notation: .fdi)) { try ToothID(parsing: "8", notation: .fdi) }
        #expect(throws: ToothNumberError.invalid("UR1", notation: .fdi)) { try ToothID(parsing: "UR1", notation: .fdi) }
        #expect(throws: ToothNumberError.invalid("11", notation: .palmer)) {
            try ToothID(parsing: "11", notation: .palmer)
        }
    }

    @Test func errorsSayWhatIsAccepted() {
        #expect(ToothNumberError.invalid("19", notation: .fdi).description == "'19' is not a valid FDI tooth number")
        #expect(ToothNumberError.invalid("x", notation: nil).description.contains("Universal (1–32, A–T)"))
    }

    // MARK: anatomy

    @Test func quadrantJawSideAndClass() throws {
        let samples: [(Int, Int, Jaw, Bool, ToothClass, Bool)] = [
            (11, 1, .upper, true, .incisor, false), (22, 2, .upper, false, .incisor, false),
            (13, 1, .upper, true, .canine, false), (24, 2, .upper, false, .premolar, false),
            (35, 3, .lower, false, .premolar, false), (46, 4, .lower, true, .molar, false),
            (38, 3, .lower, false, .molar, false), (48, 4, .lower, true, .molar, false),
            (53, 5, .upper, true, .canine, true), (64, 6, .upper, false, .molar, true),
            (71, 7, .lower, false, .incisor, true), (85, 8, .lower, true, .molar, true),
        ]
        for (fdi, quadrant, jaw, right, cls, primary) in samples {
            let t = try tooth(fdi)
            #expect(t.quadrant == quadrant && t.jaw == jaw && t.isRight == right, "\(fdi)")
            #expect(t.toothClass == cls && t.isPrimary == primary, "\(fdi)")
        }
        #expect(try tooth(31).palmerQuadrant == .lowerLeft)
        #expect(try tooth(84).palmerQuadrant == .lowerRight)
        #expect(try tooth(13).archPosition == -3)
        #expect(try tooth(33).archPosition == 3)
    }

    @Test func neighbours() throws {
        #expect(try tooth(11).mesialNeighbour == tooth(21))
        #expect(try tooth(21).mesialNeighbour == tooth(11))
        #expect(try tooth(31).mesialNeighbour == tooth(41))
        #expect(try tooth(41).mesialNeighbour == tooth(31))
        #expect(try tooth(51).mesialNeighbour == tooth(61))
        #expect(try tooth(61).mesialNeighbour == tooth(51))
        #expect(try tooth(81).mesialNeighbour == tooth(71))
        #expect(try tooth(18).distalNeighbour == nil)
        #expect(try tooth(48).distalNeighbour == nil)
        #expect(try tooth(55).distalNeighbour == nil)
        #expect(try tooth(85).distalNeighbour == nil)
        #expect(try tooth(54).distalNeighbour == tooth(55))
        #expect(try tooth(16).distalNeighbour == tooth(17))
        #expect(try tooth(16).mesialNeighbour == tooth(15))
        #expect(try tooth(18).neighbours == [tooth(17)])
        #expect(try tooth(11).neighbours == [tooth(21), tooth(12)])

        #expect(try tooth(11).isAdjacent(to: tooth(21)))
        #expect(try tooth(31).isAdjacent(to: tooth(41)))
        #expect(try tooth(26).isAdjacent(to: tooth(25)))
        #expect(try !tooth(11).isAdjacent(to: tooth(41)))  // other jaw
        #expect(try !tooth(11).isAdjacent(to: tooth(13)))
        #expect(try !tooth(11).isAdjacent(to: tooth(11)))
        #expect(try !tooth(15).isAdjacent(to: tooth(55)))  // other dentition
        #expect(try !tooth(18).isAdjacent(to: tooth(28)))
    }

    @Test func adjacencyIsSymmetricAndEveryToothHasOneOrTwoNeighbours() {
        let all = ToothID.permanent + ToothID.primary
        for a in all {
            #expect((1...2).contains(a.neighbours.count))
            for b in a.neighbours {
                #expect(b.isAdjacent(to: a), "\(a)-\(b)")
                #expect(b.jaw == a.jaw && b.isPrimary == a.isPrimary)
            }
        }
        let pairs = all.flatMap { a in all.filter { a < $0 && a.isAdjacent(to: $0) } }
        #expect(pairs.count == 2 * 15 + 2 * 9)  // 16 teeth per permanent arch → 15 contacts; 10 primary → 9
    }

    @Test func alongArchRunsRightToLeft() throws {
        #expect(ToothID.alongArch(.upper).map(\.fdi) == [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28])
        #expect(ToothID.alongArch(.lower).map(\.fdi) == [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38])
        #expect(ToothID.alongArch(.upper, primary: true).map(\.fdi) == [55, 54, 53, 52, 51, 61, 62, 63, 64, 65])
        #expect(ToothID.alongArch(.lower, primary: true).map(\.fdi) == [85, 84, 83, 82, 81, 71, 72, 73, 74, 75])
        for jaw in Jaw.allCases {
            let arch = ToothID.alongArch(jaw)
            #expect(arch.map(\.archPosition) == arch.map(\.archPosition).sorted())
            for (a, b) in zip(arch, arch.dropFirst()) { #expect(a.isAdjacent(to: b)) }
        }
    }

    @Test func contactsAreStoredInArchOrder() throws {
        let c = ToothContact(try tooth(21), try tooth(11))
        #expect(c.first.fdi == 11 && c.second.fdi == 21)
        #expect(c == ToothContact(try tooth(11), try tooth(21)))
        #expect(c.description == "11-21")
        #expect(ToothContact(try tooth(31), try tooth(41)).description == "41-31")
        #expect(ToothContact(try tooth(16), try tooth(17)).description == "17-16")
        #expect(ToothContact(try tooth(26), try tooth(27)).description == "26-27")
        // Same place in the arch (a primary molar and its successor): still symmetric.
        #expect(ToothContact(try tooth(55), try tooth(15)) == ToothContact(try tooth(15), try tooth(55)))
    }

    @Test func contactDecodingNormalizesOrder() throws {
        let decoded = try JSONDecoder().decode(ToothContact.self, from: Data(#"{"first":21,"second":11}"#.utf8))
        #expect(decoded == ToothContact(try tooth(11), try tooth(21)))
        let encoded = try JSONEncoder().encode(decoded)
        #expect(try JSONDecoder().decode(ToothContact.self, from: encoded) == decoded)
    }

    // MARK: Codable

    @Test func toothIDCodesAsAPlainInteger() throws {
        let teeth = try [tooth(11), tooth(48), tooth(85)]
        let data = try JSONEncoder().encode(teeth)
        #expect(String(decoding: data, as: UTF8.self) == "[11,48,85]")
        #expect(try JSONDecoder().decode([ToothID].self, from: data) == teeth)
    }

    @Test(arguments: ["19", "0", "86", "-11", "\"11\"", "11.5"])
    func invalidToothNumbersFailDecoding(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ToothID.self, from: Data(json.utf8)) }
    }
}
