import Testing
@testable import PlanModel

/// Local closed-solid checks (MeshIO owns the production checks; these keep PlanModel's tests standalone).
struct SolidReport {
    var problems: [String] = []
    /// Signed volume of each connected shell (mm³), by the divergence theorem.
    var shellVolumes: [Double] = []
    var volume: Double { shellVolumes.reduce(0, +) }

    init(_ mesh: TriangleMesh) {
        guard mesh.hasValidIndices, !mesh.isEmpty else { problems.append("empty or bad indices"); return }
        let n = mesh.vertexCount
        // Each directed edge exactly once, and its reverse present: every undirected edge used twice,
        // by two triangles that traverse it in opposite directions (consistent orientation).
        var directed = [UInt64: Int]()
        func key(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        var fans = [Int: [(UInt32, UInt32)]]()  // vertex → link edges of its triangles
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            if a == b || b == c || a == c { problems.append("triangle \(t) repeats a vertex") }
            let area = (mesh.vertex(Int(b)) - mesh.vertex(Int(a))).cross(mesh.vertex(Int(c)) - mesh.vertex(Int(a))).length / 2
            if area < 1e-6 { problems.append("triangle \(t) is degenerate (area \(area))") }
            for (p, q) in [(a, b), (b, c), (c, a)] { directed[key(p, q), default: 0] += 1 }
            fans[Int(a), default: []].append((b, c))
            fans[Int(b), default: []].append((c, a))
            fans[Int(c), default: []].append((a, b))
            parent[root(Int(b))] = root(Int(a))
            parent[root(Int(c))] = root(Int(a))
        }
        for (k, count) in directed {
            let a = UInt32(k >> 32), b = UInt32(k & 0xFFFF_FFFF)
            if count != 1 { problems.append("directed edge \(a)→\(b) used \(count) times") }
            if directed[key(b, a)] != 1 { problems.append("edge \(a)-\(b) is open or inconsistently oriented") }
        }
        // Vertex manifold: the link edges around each vertex form one closed cycle (a single disk).
        for (v, link) in fans {
            var next = [UInt32: UInt32]()
            for (p, q) in link { next[p] = q }
            guard next.count == link.count, let start = link.first?.0 else { problems.append("vertex \(v) fan is pinched"); continue }
            var steps = 0, cur = start
            repeat { guard let q = next[cur] else { break }; cur = q; steps += 1 } while cur != start && steps <= link.count
            if cur != start || steps != link.count { problems.append("vertex \(v) is non-manifold") }
        }
        if fans.count != n { problems.append("\(n - fans.count) unused vertices") }
        var seen = Set<[Float]>()
        for i in 0..<n where !seen.insert(Array(mesh.positions[3 * i ..< 3 * i + 3])).inserted {
            problems.append("vertex \(i) duplicates another's position")
        }
        var volumes = [Int: Double]()
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            volumes[root(Int(a)), default: 0] += mesh.vertex(Int(a)).dot(mesh.vertex(Int(b)).cross(mesh.vertex(Int(c)))) / 6
        }
        shellVolumes = volumes.values.sorted()
        if shellVolumes.contains(where: { $0 <= 0 }) { problems.append("a shell faces inwards: \(shellVolumes)") }
    }
}

@Suite struct AttachmentMeshTests {
    /// The solid's volume as a fraction of width × height × depth, from each shape's definition.
    static let volumeFraction: [AttachmentKind: Double] = [
        .rectangularHorizontal: 1, .rectangularVertical: 1, .precisionCut: 1,
        .bevelledGingival: 0.5, .bevelledOcclusal: 0.5,
        .ellipsoid: Double.pi / 6,           // half of (4/3)π·(w/2)(h/2)d
        .optimizedRotation: 0.625,           // trapezoid: full depth over a quarter, ramp over the rest
        .optimizedExtrusion: 0.72,           // square minus the ramp's corner triangle 0.7 × 0.8 / 2
        .optimizedRootControl: 0.7,          // two bars of 35 %
        .powerRidge: Double.pi / 4,          // half-ellipse cross-section
        .biteRamp: 0.6,
        .button: Double.pi / 4,              // elliptic cylinder
        .hook: 0.64,                         // post 0.4 + arm 0.6 × 0.4
    ]

    @Test(arguments: AttachmentKind.known)
    func standardTemplateIsAClosedOutwardSolidFillingItsBox(kind: AttachmentKind) throws {
        try checkSolid(AttachmentTemplate.standard(kind))
    }

    @Test(arguments: AttachmentKind.known)
    func otherDimensionsScaleTheSolid(kind: AttachmentKind) throws {
        for (w, h, d) in [(5.5, 1.7, 0.8), (1.0, 7.0, 2.5), (10.0, 10.0, 10.0), (0.2, 0.3, 0.1)] {
            try checkSolid(AttachmentTemplate(kind: kind, widthMM: w, heightMM: h, depthMM: d))
        }
    }

    private func checkSolid(_ template: AttachmentTemplate, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let mesh = template.mesh()
        let report = SolidReport(mesh)
        #expect(report.problems.isEmpty, "\(template.kind): \(report.problems.prefix(5))", sourceLocation: sourceLocation)
        let expectedShells = template.kind == .optimizedRootControl ? 2 : 1
        #expect(report.shellVolumes.count == expectedShells, "\(template.kind)", sourceLocation: sourceLocation)

        let boxVolume = template.widthMM * template.heightMM * template.depthMM
        let fraction = try #require(Self.volumeFraction[template.kind])
        // Round outlines are inscribed polygons: a little smaller than the smooth shape, never larger.
        let isRound = [.ellipsoid, .powerRidge, .button].contains(template.kind)
        let actual = report.volume / boxVolume
        #expect(isRound ? (0.97 * fraction ... fraction).contains(actual) : abs(actual - fraction) <= 1e-6,
                "\(template.kind): volume fraction \(report.volume / boxVolume), expected \(fraction)",
                sourceLocation: sourceLocation)

        // Fills width × height × depth exactly, centred on x = y = 0, base on z = 0.
        let box = try #require(mesh.boundingBox)
        let tolerance = 1e-6 * max(1, template.localBounds.largestExtent)
        #expect(box.min.maxDifference(to: Vector3(-template.widthMM / 2, -template.heightMM / 2, 0)) <= tolerance,
                "\(template.kind) min \(box.min)", sourceLocation: sourceLocation)
        #expect(box.max.maxDifference(to: Vector3(template.widthMM / 2, template.heightMM / 2, template.depthMM)) <= tolerance,
                "\(template.kind) max \(box.max)", sourceLocation: sourceLocation)
        #expect(template.localBounds == BoundingBox(min: Vector3(-template.widthMM / 2, -template.heightMM / 2, 0),
                                                   max: Vector3(template.widthMM / 2, template.heightMM / 2, template.depthMM)))

        // The base: downward faces on z = 0 with real area (the part bonded to the tooth).
        var baseArea = 0.0
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            let pa = mesh.vertex(Int(a)), pb = mesh.vertex(Int(b)), pc = mesh.vertex(Int(c))
            if [pa, pb, pc].allSatisfy({ abs($0.z) <= tolerance }) { baseArea -= (pb - pa).cross(pc - pa).z / 2 }
        }
        #expect(baseArea > 0.1 * template.widthMM * template.heightMM, "\(template.kind) base \(baseArea)",
                sourceLocation: sourceLocation)
        #expect(template.mesh() == mesh, "deterministic", sourceLocation: sourceLocation)
    }

    // MARK: shape specifics

    /// The highest z among vertices with y within 1e-6 of `y`.
    private func depth(atY y: Double, of mesh: TriangleMesh) -> Double {
        (0..<mesh.vertexCount).map(mesh.vertex).filter { abs($0.y - y) < 1e-6 }.map(\.z).max() ?? -1
    }

    @Test func bevelDirections() {
        // Gingival bevel: thin at the gingival (−y) edge, full depth at the occlusal (+y) edge.
        let g = AttachmentTemplate.standard(.bevelledGingival)
        #expect(depth(atY: -g.heightMM / 2, of: g.mesh()) == 0)
        #expect(abs(depth(atY: g.heightMM / 2, of: g.mesh()) - g.depthMM) < 1e-6)
        let o = AttachmentTemplate.standard(.bevelledOcclusal)
        #expect(abs(depth(atY: -o.heightMM / 2, of: o.mesh()) - o.depthMM) < 1e-6)
        #expect(depth(atY: o.heightMM / 2, of: o.mesh()) == 0)
        // Extrusion: the full-depth shelf faces gingivally; the occlusal edge keeps a low land.
        let e = AttachmentTemplate.standard(.optimizedExtrusion)
        #expect(abs(depth(atY: -e.heightMM / 2, of: e.mesh()) - e.depthMM) < 1e-6)
        #expect(abs(depth(atY: e.heightMM / 2, of: e.mesh()) - 0.2 * e.depthMM) < 1e-6)
    }

    @Test func rotationWedgeIsAsymmetricAlongX() {
        let r = AttachmentTemplate.standard(.optimizedRotation)
        let m = r.mesh()
        let zAt = { (x: Double) in (0..<m.vertexCount).map(m.vertex).filter { abs($0.x - x) < 1e-6 }.map(\.z).max() ?? -1 }
        #expect(abs(zAt(r.widthMM / 2) - r.depthMM) < 1e-6)
        #expect(zAt(-r.widthMM / 2) == 0)
    }

    @Test func roundShapesStayOnTheirOutlines() {
        let b = AttachmentTemplate.standard(.button).mesh()
        for i in 0..<b.vertexCount {
            let v = b.vertex(i)
            #expect(abs(v.x * v.x + v.y * v.y - 1) < 1e-6)  // 2 mm diameter: radius 1
        }
        let e = AttachmentTemplate(kind: .ellipsoid, widthMM: 3, heightMM: 2, depthMM: 1)
        let m = e.mesh()
        for i in 0..<m.vertexCount {
            let v = m.vertex(i)
            let s = (v.x / 1.5) * (v.x / 1.5) + v.y * v.y + v.z * v.z
            #expect(abs(s - 1) < 1e-6 || (v.z == 0 && s < 1), "\(v)")
        }
    }

    @Test func hookArmOverhangsTheTooth() {
        let h = AttachmentTemplate.standard(.hook)
        let m = h.mesh()
        let vertices = (0..<m.vertexCount).map(m.vertex)
        // The arm's free end is at the gingival edge, away from the tooth; nothing is bonded there.
        let gingival = vertices.filter { abs($0.y + h.heightMM / 2) < 1e-6 }
        #expect(!gingival.isEmpty && gingival.allSatisfy { $0.z >= 0.6 * h.depthMM - 1e-6 })
        // The post is bonded over the occlusal 40 %.
        let base = vertices.filter { $0.z == 0 }
        #expect(base.allSatisfy { $0.y >= h.heightMM * 0.1 - 1e-6 })
    }

    @Test func rectangularIsABox() {
        let m = AttachmentTemplate.standard(.rectangularVertical).mesh()
        #expect(m.vertexCount == 8 && m.triangleCount == 12)
    }

    /// An unknown kind keeps its dimensions and label but has no solid: no shape is invented for it.
    @Test func unknownKindHasNoSolidButIsValid() {
        let t = AttachmentTemplate(kind: .unknown, widthMM: 3, heightMM: 2, depthMM: 1, label: "Ellipse 3 mm")
        #expect(t.isValid && t.mesh().isEmpty)
        #expect(t.kindDescription == "unknown (“Ellipse 3 mm”)")
        #expect(AttachmentTemplate.standard(.ellipsoid).kindDescription == "ellipsoid")
        #expect(AttachmentKind.known.count == AttachmentKind.allCases.count - 1 && !AttachmentKind.known.contains(.unknown))
    }

    // MARK: standard dimensions and validation

    @Test func standardDimensionsArePlausible() {
        for kind in AttachmentKind.allCases {
            let t = AttachmentTemplate.standard(kind)
            #expect(t.kind == kind && t.isValid && t.dimensionProblems.isEmpty)
            #expect((0.3...2.5).contains(t.depthMM), "\(kind) depth")
        }
        let h = AttachmentTemplate.standard(.rectangularHorizontal), v = AttachmentTemplate.standard(.rectangularVertical)
        #expect(h.widthMM > h.heightMM && v.heightMM > v.widthMM)
        #expect((3...5).contains(h.widthMM) && (3...5).contains(v.heightMM))
        #expect(AttachmentTemplate.standard(.button).widthMM == 2)
        let e = AttachmentTemplate.standard(.ellipsoid)
        #expect(e.widthMM == 3 && e.heightMM == 2 && e.depthMM == 1)
    }

    @Test(arguments: [0.0, -1, 10.000001, 11, .nan, .infinity, -.infinity])
    func invalidDimensionsAreNamedAndGiveNoMesh(bad: Double) {
        for kind in AttachmentKind.allCases {
            let t = AttachmentTemplate(kind: kind, widthMM: 3, heightMM: bad, depthMM: 1)
            #expect(!t.isValid)
            #expect(t.dimensionProblems.map(\.dimension) == [.height])
            #expect(t.mesh().isEmpty)
        }
        let all = AttachmentTemplate(kind: .button, widthMM: bad, heightMM: bad, depthMM: bad)
        #expect(all.dimensionProblems.map(\.dimension) == [.width, .height, .depth])
    }

    @Test func limitsAreInclusive() {
        #expect(AttachmentTemplate(kind: .hook, widthMM: 10, heightMM: 10, depthMM: 10).isValid)
        #expect(AttachmentTemplate(kind: .hook, widthMM: 0.01, heightMM: 0.01, depthMM: 0.01).isValid)
        let problem = AttachmentDimensionProblem(dimension: .width, valueMM: 12)
        #expect(problem.description == "attachment width 12.0 mm must be finite, positive and at most 10.0 mm")
    }

    @Test func reportCatchesBrokenSolids() {
        // The checker itself must fail an open, an inside-out and a doubled mesh, or the tests above prove nothing.
        let tet = TriangleMeshTests.tetrahedron
        #expect(SolidReport(tet).problems.isEmpty && abs(SolidReport(tet).volume - 1.0 / 6) < 1e-12)
        var open = tet
        open.indices.removeLast(3)
        #expect(!SolidReport(open).problems.isEmpty)
        var inverted = tet
        for t in 0..<4 { inverted.indices.swapAt(3 * t + 1, 3 * t + 2) }
        #expect(!SolidReport(inverted).problems.isEmpty)
        var doubled = tet
        doubled.indices += tet.indices
        #expect(!SolidReport(doubled).problems.isEmpty)
        var oneFlipped = tet
        oneFlipped.indices.swapAt(1, 2)
        #expect(!SolidReport(oneFlipped).problems.isEmpty)
    }
}
